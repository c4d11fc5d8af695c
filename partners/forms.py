from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.ui import DATE_WIDGET
from institutions.models import County

from .models import Partner, Partnership


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["name", "kind", "county", "contact_person", "email", "phone"]
        help_texts = {"name": _("The organisation's full official name, e.g. Urząd Gminy Zabierzów.")}


class PartnerCreateForm(PartnerForm):
    """A new directory entry; `add_anyway` confirms it when a likely duplicate exists."""

    add_anyway = forms.BooleanField(
        label=_("I checked the partners above: this is a different organisation, add it anyway"), required=False
    )


class PartnershipForm(forms.ModelForm):
    class Meta:
        model = Partnership
        fields = ["started_on", "ended_on", "scope"]
        widgets = {
            "started_on": DATE_WIDGET,
            "ended_on": DATE_WIDGET,
            "scope": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "ended_on": _("Leave empty while the cooperation lasts."),
            "scope": _("E.g. prevention classes on peer violence, joint inspection of the school's surroundings."),
        }


class PartnershipEndForm(forms.Form):
    ended_on = forms.DateField(label=_("End date"), widget=DATE_WIDGET, help_text=_("The last day of cooperation."))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"ended_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class PartnerFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(
        attrs={"placeholder": _("Name or contact person"), "type": "search"}))
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds"))] + Partner.Kind.choices, required=False)
    county = forms.ModelChoiceField(label=_("County"), queryset=County.objects.all(), required=False,
                                    empty_label=_("All counties"))
    duplicates = forms.BooleanField(label=_("Only likely duplicates"), required=False)


class PartnerSelectionForm(forms.Form):
    """The partners ticked on the directory list for a merge."""

    partners = forms.ModelMultipleChoiceField(queryset=Partner.objects.none(), widget=forms.MultipleHiddenInput)

    def __init__(self, *args, directory=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = directory if directory is not None else Partner.objects.all()

    def clean_partners(self):
        partners = self.cleaned_data["partners"]
        if len(partners) < 2:
            raise forms.ValidationError(_("Select at least two partners to merge."))
        return partners


class PartnerMergeForm(PartnerSelectionForm):
    keep = forms.ModelChoiceField(
        label=_("Partner to keep"),
        queryset=Partner.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the partner to keep.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = self.fields["partners"].queryset

    def clean(self):
        cleaned = super().clean() or {}
        keep, partners = cleaned.get("keep"), cleaned.get("partners")
        if keep and partners is not None and keep not in partners:
            self.add_error("keep", _("The partner to keep must be one of the selected partners."))
        return cleaned

    @property
    def duplicates(self) -> list[Partner]:
        keep = self.cleaned_data["keep"]
        return [partner for partner in self.cleaned_data["partners"] if partner.pk != keep.pk]
