from django import forms
from django.utils.translation import gettext_lazy as _

from .models import County, Institution, InstitutionType, PoliceUnit, Programme, User


class InstitutionForm(forms.ModelForm):
    """KWP staff: every field. The serving police unit defaults from the county when left empty."""

    class Meta:
        model = Institution
        fields = [
            "type", "name", "short_name", "rspo", "regon", "street", "building", "postal_code", "town",
            "gmina", "county", "police_unit", "email", "phone", "website", "joined_on",
        ]
        widgets = {"joined_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["police_unit"].required = False
        self.fields["police_unit"].help_text = _("Leave empty to use the unit serving the county.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("type") == InstitutionType.UNIVERSITY and cleaned.get("rspo"):
            self.add_error("rspo", _("Universities are not listed in RSPO; leave the RSPO number empty."))
        return cleaned


class InstitutionContactForm(forms.ModelForm):
    """Coordinators keep their institution's contact data up to date; the rest is KWP's."""

    class Meta:
        model = Institution
        fields = ["short_name", "street", "building", "postal_code", "town", "gmina", "email", "phone", "website"]


class InstitutionFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(
        attrs={"placeholder": _("Name, RSPO number or town"), "type": "search"}))
    county = forms.ModelChoiceField(label=_("County"), queryset=County.objects.all(), required=False)
    type = forms.ChoiceField(label=_("Type"), choices=[("", _("All types"))] + InstitutionType.choices, required=False)
    programme = forms.ChoiceField(label=_("Programme"), choices=[("", _("Both programmes"))] + Programme.choices, required=False)
    active = forms.ChoiceField(
        label=_("Status"),
        choices=[("yes", _("Active")), ("no", _("Inactive")), ("all", _("All"))],
        required=False,
    )


class CoordinatorAddForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Coordinator"),
        queryset=User.objects.filter(role=User.Role.COORDINATOR, is_active=True),
        help_text=_("A user with the coordinator role. Create the account first under Users if needed."),
    )


class UserForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "phone", "role", "police_unit", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True
        self.fields["police_unit"].queryset = PoliceUnit.objects.all()

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another user already has this e-mail address."))
        return email

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == User.Role.AUDITOR and not cleaned.get("police_unit"):
            self.add_error("police_unit", _("A police auditor must belong to a police unit."))
        return cleaned
