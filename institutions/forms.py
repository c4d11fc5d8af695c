import re
import time

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.core import signing
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.ui import DATE_WIDGET

from . import rspo, selectors
from .models import (
    Application,
    ApplicationCoordinator,
    County,
    Institution,
    InstitutionType,
    PoliceUnit,
    Programme,
    User,
)
from .services.users import password_reset_send


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
        widgets = {"joined_on": DATE_WIDGET}

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
        cleaned = super().clean() or {}
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
    programme = forms.ChoiceField(
        label=_("Programme"), choices=[("", _("Both programmes"))] + Programme.choices, required=False
    )
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
    """The coordinator picked from the search results (`user`, htmx), or typed (`query`): without JavaScript the
    typed login, e-mail or name is looked up on the server and must point at exactly one candidate."""

    query = forms.CharField(
        label=_("Coordinator"), required=False, max_length=200,
        help_text=_("Type at least two letters of the name, login or e-mail, then choose the person from the list. "
                    "The account must have the coordinator role: create it first under Users if needed."),
    )
    user = forms.ModelChoiceField(queryset=User.objects.none(), required=False)

    def __init__(self, *args, institution: Institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.institution = institution
        self.fields["user"].queryset = selectors.coordinator_candidates(institution=institution)

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("user") or self.errors:
            return data
        query = data.get("query", "").strip()
        exact = list(self.fields["user"].queryset.filter(Q(username__iexact=query) | Q(email__iexact=query))[:2])
        found = exact if query and len(exact) == 1 else selectors.coordinator_candidate_search(
            institution=self.institution, q=query)
        if len(found) != 1:
            raise forms.ValidationError(_("Choose a coordinator from the list."))
        data["user"] = found[0]
        return data


class UserForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "username", "first_name", "last_name", "email", "phone", "role", "police_unit", "department",
            "is_unit_officer", "is_active",
        ]

    def __init__(self, *args, editor: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True
        account = self.instance
        if editor is not None and account.pk == editor.pk:
            self.fields["is_active"].disabled = True  # as on the deactivate button: nobody locks themselves out
        elif editor is not None and account.pk and account.role == User.Role.KWP_STAFF and not editor.is_superuser:
            # A colleague's new e-mail (or login, or a demotion first) plus a password reset would let one KWP
            # employee sign in as another.
            for name in ("username", "email", "role"):
                self.fields[name].disabled = True
            self.fields["email"].help_text = _("Only an administrator can change the login, e-mail address or "
                                               "role of another KWP staff account.")
        self.fields["police_unit"].queryset = PoliceUnit.objects.all()
        self.fields["department"].help_text = _("Police officers: e.g. Wydział Prewencji.")
        self.helper = helper(Layout(
            "username", columns("first_name", "last_name"), columns("email", "phone"),
            columns("role", "police_unit", "department", width=4), "is_unit_officer", "is_active",
        ))

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another user already has this e-mail address."))
        return email

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("role") == User.Role.AUDITOR and not cleaned.get("police_unit"):
            self.add_error("police_unit", _("A police auditor must belong to a police unit."))
        if cleaned.get("is_unit_officer") and cleaned.get("role") != User.Role.AUDITOR:
            self.add_error("is_unit_officer", _("Only a police auditor can be a prevention officer of a unit."))
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


# --- Application to join the programme ---------------------------------------------------------

FORM_STARTED_SALT = "institutions.join-form-started"


# Something a mail client would turn into a link: a scheme, "www." or a domain name (letters after a dot).
LINK_RE = re.compile(r"://|\bwww\.|\b[\w-]+\.[a-z]{2,}\b", re.IGNORECASE)


class ApplicationForm(forms.ModelForm):
    """The public application. With a known institution chosen, its fields are not asked again."""

    institution = forms.ModelChoiceField(queryset=Institution.objects.all(), required=False, widget=forms.HiddenInput)
    partners_text = forms.CharField(
        label=_("Partners you start with (optional)"), required=False, max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One partner per line; after a dash you may say what you do together, "
                    "e.g. “Gmina Wieliczka – safe way to school”."),
    )
    # A field people never see; bots fill in every field they find.
    homepage = forms.CharField(required=False, label=_("Leave this field empty"),
                               widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    INSTITUTION_REQUIRED = ("type", "name", "postal_code", "town", "county")

    class Meta:
        model = Application
        fields = [
            "institution", "type", "name", "rspo", "regon", "street", "building", "postal_code", "town", "county",
            "email", "phone", "website", "director_name", "director_consent", "applicant_email", "rodo_acknowledged",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.INSTITUTION_REQUIRED:
            self.fields[name].required = False
        self.fields["director_consent"].required = True
        self.fields["director_consent"].label = _("The director of the institution agrees to join the programme")
        self.fields["rodo_acknowledged"].required = True
        self.fields["rodo_acknowledged"].label = _("I have read the information on the processing of personal data")
        self.fields["applicant_email"].label = _("Your e-mail address")
        self.fields["applicant_email"].help_text = _("We will send a link to confirm it; only then does KWP see "
                                                     "the application.")
        if not self.is_bound:
            self.fields["started"].initial = signing.dumps(time.time(), salt=FORM_STARTED_SALT)
        chosen = self.data.get("institution") if self.is_bound else self.initial.get("institution")
        if not chosen:  # the institution's own data is asked for: its required fields say so
            for name in self.INSTITUTION_REQUIRED:
                self.fields[name].required = True

    @property
    def is_bot(self) -> bool:
        """A filled hidden field or a form sent faster than a person could fill it in."""
        if self.data.get("homepage"):
            return True
        try:
            # No max_age: a person may leave the form open overnight, and a stale start time only makes
            # the fill-time test easier to pass, never a reason to drop the application unseen.
            started = signing.loads(self.data.get("started", ""), salt=FORM_STARTED_SALT)
        except signing.BadSignature:
            return True
        return time.time() - float(started) < settings.APPLICATION_MIN_FILL_SECONDS

    def clean_applicant_email(self) -> str:
        return self.cleaned_data["applicant_email"].strip().lower()

    def clean_name(self) -> str:
        # The name goes into the confirmation e-mail sent from the police's address to whatever mailbox was
        # typed: no room for a message or a link of someone else's making.
        name = self.cleaned_data["name"]
        if "\n" in name or "\r" in name or LINK_RE.search(name):
            raise forms.ValidationError(_("The name may not contain web addresses or line breaks."))
        return name

    def clean_partners_text(self) -> list[dict]:
        partners = []
        for line in self.cleaned_data["partners_text"].splitlines():
            name, description = (re.split(r"\s[–—-]\s", line, maxsplit=1) + [""])[:2]
            if name.strip():
                partners.append({"name": name.strip()[:300], "description": description.strip()[:500]})
        return partners

    def clean(self):
        cleaned = super().clean() or {}
        if not cleaned.get("institution"):
            for name in self.INSTITUTION_REQUIRED:
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, forms.Field.default_error_messages["required"])
            if cleaned.get("type") == InstitutionType.UNIVERSITY and cleaned.get("rspo"):
                self.add_error("rspo", _("Universities are not listed in RSPO; leave the RSPO number empty."))
        return cleaned

    def save(self, commit: bool = False) -> Application:
        application = super().save(commit=False)
        application.partners = self.cleaned_data["partners_text"]
        return application


class ApplicationCoordinatorForm(forms.ModelForm):
    class Meta:
        model = ApplicationCoordinator
        fields = ["first_name", "last_name", "position", "email", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].help_text = _("e.g. teacher, pedagogue, vice-director")


class BaseApplicationCoordinatorFormSet(forms.BaseInlineFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)  # type: ignore[misc]  # not in django-stubs
        if i < self.min_num:  # the first coordinator is required: the browser and the markers say so
            form.use_required_attribute = True
        elif not (form.is_bound and form.has_changed()):
            # Coordinators 2-3 are optional: their fields are required only once the person is started
            # (an empty extra form is not validated, so this changes only what the page shows).
            for field in form.fields.values():
                if field.required:  # app.js marks it again as soon as the person is started
                    field.widget.attrs["data-required-if-started"] = ""
                field.required = False
        return form

    def clean(self):
        super().clean()
        emails = [f.cleaned_data["email"].strip().lower() for f in self.forms
                  if f.has_changed() and f.cleaned_data.get("email")]
        if len(emails) != len(set(emails)):
            raise forms.ValidationError(_("Each coordinator needs their own e-mail address."))


ApplicationCoordinatorFormSet = forms.inlineformset_factory(
    Application, ApplicationCoordinator, form=ApplicationCoordinatorForm, formset=BaseApplicationCoordinatorFormSet,
    extra=2, min_num=1, max_num=3, validate_min=True, validate_max=True, can_delete=False,
)


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form (the same answer for any address), its e-mail queued in the outbox instead of sent."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None) -> None:
        password_reset_send(user=context["user"], email=to_email)


class EmailOnlyForm(forms.Form):
    """Asking for a new link: the answer never says whether the address is known."""

    email = forms.EmailField(label=_("E-mail address"))


class ApplicationFilterForm(forms.Form):
    county = forms.ModelChoiceField(
        label=_("County"), queryset=County.objects.all(), required=False, empty_label=_("All counties")
    )


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for rejection"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("The applicant receives it by e-mail."))


# --- Profile ---------------------------------------------------------------------------------------


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = self.fields["last_name"].required = True
        self.helper = helper(Layout(columns("first_name", "last_name"), "phone"))


class EmailChangeForm(forms.Form):
    new_email = forms.EmailField(label=_("New e-mail address"))
    password = forms.CharField(label=_("Your current password"), widget=forms.PasswordInput(
        attrs={"autocomplete": "current-password"}))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password


class CoordinatorInviteForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(Layout(columns("first_name", "last_name"), columns("email", "phone")))

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()
