from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import rspo
from .models import County, Institution, InstitutionType, PoliceUnit, Programme, User


def columns(*names: str, width: int = 0) -> Row:
    css = f"col-md-{width}" if width else "col-md"
    return Row(*(Column(name, css_class=css) for name in names))


def helper(layout: Layout) -> FormHelper:
    """Field layout only: the template writes the <form> tag and the buttons."""
    form_helper = FormHelper()
    form_helper.form_tag = False
    form_helper.layout = layout
    return form_helper


ADDRESS_LAYOUT = (
    Row(Column("street", css_class="col-md-5"), Column("building", css_class="col-md-3"),
        Column("postal_code", css_class="col-md-4")),
    columns("town", "gmina"),
)
CONTACT_LAYOUT = (columns("email", "phone", "website"),)


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
        self.helper = helper(Layout(
            columns("type", "joined_on"), "name",
            columns("short_name", "rspo", "regon", width=4),
            *ADDRESS_LAYOUT, columns("county", "police_unit"), *CONTACT_LAYOUT,
        ))

    def clean_rspo(self) -> str:
        # The database constraint would only say "constraint violated"; name the other institution.
        number = self.cleaned_data["rspo"]
        other = Institution.objects.filter(rspo=number).exclude(pk=self.instance.pk).first() if number else None
        if other:
            raise forms.ValidationError(
                _("Another institution already has this RSPO number: %(name)s.") % {"name": other.name}
            )
        return number

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(Layout("short_name", *ADDRESS_LAYOUT, *CONTACT_LAYOUT))


class InstitutionFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(
        attrs={"placeholder": _("Name, RSPO number or town"), "type": "search"}))
    county = forms.ModelChoiceField(
        label=_("County"), queryset=County.objects.all(), required=False, empty_label=_("All counties")
    )
    type = forms.ChoiceField(label=_("Type"), choices=[("", _("All types"))] + InstitutionType.choices, required=False)
    programme = forms.ChoiceField(label=_("Programme"), choices=[("", _("Both programmes"))] + Programme.choices, required=False)
    active = forms.ChoiceField(
        label=_("Status"),
        choices=[("yes", _("Active")), ("no", _("Inactive")), ("all", pgettext_lazy("institutions", "All"))],
        required=False,
    )

    def filters(self) -> dict:
        """Arguments for institution_search: the list and its exports show active institutions by default."""
        filters = dict(self.cleaned_data) if self.is_valid() else {}
        return {**filters, "active": filters.get("active") or "yes"}


class CoordinatorAddForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Coordinator"),
        queryset=User.objects.filter(role=User.Role.COORDINATOR, is_active=True),
        empty_label=_("Choose a coordinator"),
        help_text=_("A user with the coordinator role. Create the account first under Users if needed."),
    )

    def __init__(self, *args, institution: Institution | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if institution is not None:  # offer only people not yet coordinating it
            self.fields["user"].queryset = self.fields["user"].queryset.exclude(coordinated_institutions=institution)


class UserForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "username", "first_name", "last_name", "email", "phone", "role", "police_unit", "department", "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True
        self.fields["police_unit"].queryset = PoliceUnit.objects.all()
        self.fields["department"].help_text = _("Police officers: e.g. Wydział Prewencji.")
        self.helper = helper(Layout(
            "username", columns("first_name", "last_name"), columns("email", "phone"),
            columns("role", "police_unit", "department", width=4), "is_active",
        ))

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


class RspoUploadForm(forms.Form):
    file = forms.FileField(
        label=_("RSPO export (CSV file)"),
        help_text=_("The CSV file exported from RSPO: values separated by semicolons, UTF-8, at most 5 MB."),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > rspo.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is too large (at most %(size)d MB).") % {"size": rspo.MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        try:
            self.content = rspo.decode(upload.read())
            self.records = rspo.parse(self.content)
        except rspo.RspoFileError as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload
