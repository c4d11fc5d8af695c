from django import forms
from django.utils.translation import gettext_lazy as _

from audits.models import Edition


class EditionChoiceForm(forms.Form):
    edition = forms.ModelChoiceField(label=_("Edition"), queryset=Edition.objects.order_by("-start_year"),
                                     required=False, empty_label=None)


class ExportFormatForm(forms.Form):
    format = forms.ChoiceField(choices=[("xlsx", "XLSX"), ("csv", "CSV")], required=False)

    def fmt(self) -> str:
        return (self.cleaned_data.get("format") if self.is_valid() else "") or "xlsx"
