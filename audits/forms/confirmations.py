from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.ui import DATE_WIDGET
from partners.models import Partnership

from ..models import ActionPlanItem
from ..uploads import CONTENT_TYPES, MAX_UPLOAD_BYTES, PDF, CheckedUpload, check_upload


class ConfirmationRequestForm(forms.Form):
    """The coordinator picks which responsible partner of an item gets a confirmation link."""

    partnership = forms.ModelChoiceField(label=_("Partner"), queryset=Partnership.objects.none(), empty_label=None)

    def __init__(self, *args, item: ActionPlanItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = item.partnerships.select_related("partner")
        self.fields["partnership"].label_from_instance = lambda p: (
            f"{p.partner.name} ({p.partner.email})" if p.partner.email else f"{p.partner.name}")


class PartnerConfirmationForm(forms.Form):
    done_on = forms.DateField(label=_("Date it was done"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("What was done"), max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("A few sentences, at most 1000 characters."))
    file = forms.FileField(label=_("A PDF document (optional)"), required=False,
                           widget=forms.FileInput(attrs={"accept": ".pdf"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.checked: CheckedUpload | None = None
        self.fields["file"].help_text = _("PDF, at most %(limit)d MB.") % {"limit": MAX_UPLOAD_BYTES // 2**20}

    def clean_done_on(self):
        done_on = self.cleaned_data["done_on"]
        if done_on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return done_on

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            self.checked = check_upload(upload)
            if self.checked.content_type != CONTENT_TYPES[PDF]:
                raise forms.ValidationError(_("Attach a PDF file."))
        return upload
