from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audits.models import Edition, Stage
from core.ui import DATE_WIDGET
from institutions.models import County, InstitutionType, Programme, User

from .commission import MEMBER_ROLES
from .models import CeremonyFile, Certificate, Decision, normalize_code
from .selectors import EXPIRING


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revocation"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the certificate's history and shown to KWP staff."),
    )


class EditionForm(forms.Form):
    edition = forms.ModelChoiceField(
        label=_("Edition"), queryset=Edition.objects.order_by("-start_year"), required=False
    )


class CertificateFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, help_text=_("Number, institution or town"))
    edition = forms.ModelChoiceField(
        label=_("Edition"),
        queryset=Edition.objects.order_by("-start_year"),
        required=False,
        empty_label=_("All editions"),
    )
    programme = forms.ChoiceField(label=_("Programme"), choices=[("", _("Both programmes")), *Programme.choices],
                                  required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *Stage.choices], required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("All statuses")), *Certificate.Status.choices, (EXPIRING, _("expiring within 90 days"))],
    )


class BatchIssueForm(forms.Form):
    decisions = forms.ModelMultipleChoiceField(
        label=_("Decisions to issue"), queryset=Decision.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one decision.")},
    )

    def __init__(self, *args, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decisions"].queryset = decisions
        self.fields["decisions"].label_from_instance = lambda d: (
            f"{d.audit.enrolment.institution.name} – {d.get_outcome_display()} ({d.decided_on:%d.%m.%Y}, {d.reference})"
        )


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"), max_length=40,
        help_text=_("The 12 characters printed under the QR code, e.g. K7M2-PX9Q-4TRD."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        return normalize_code(self.cleaned_data["code"])


class PdfCheckForm(forms.Form):
    """An uploaded PDF to check (certification.signature_check); its content is checked by the service."""

    file = forms.FileField(
        label=_("PDF file"),
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        help_text = _("The certificate's PDF file as downloaded or received, at most %(size)s MB.")
        self.fields["file"].help_text = help_text % {"size": self.max_megabytes}

    @property
    def max_megabytes(self) -> int:
        return max(1, settings.PDF_UPLOAD_CHECK_MAX_BYTES // (1024 * 1024))

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > settings.PDF_UPLOAD_CHECK_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large: a certificate's PDF has at most %(size)s MB.")
                                        % {"size": self.max_megabytes})
        return file


class RegisterFilterForm(forms.Form):
    county = forms.ModelChoiceField(label=_("County"), queryset=County.objects.order_by("name"), required=False,
                                    empty_label=_("All counties"))
    programme = forms.ChoiceField(label=_("Programme"), choices=[("", _("Both programmes")), *Programme.choices],
                                  required=False)
    type = forms.ChoiceField(label=_("Type of institution"), choices=[("", _("All types")), *InstitutionType.choices],
                             required=False)


# --- The certification commission ------------------------------------------------------------------


def _person(user: User) -> str:
    unit = f" ({user.get_role_display()})"
    return f"{user.get_full_name() or user.username}{unit}"


class CommissionForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("Members"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text=_("KWP staff and police auditors. Closing a proposal needs the approval of a majority of them."),
        error_messages={"required": _("Choose at least one member.")},
    )
    chair = forms.ModelChoiceField(label=_("Chair"), queryset=User.objects.none(),
                                   help_text=_("One of the members; the chair closes the proposal."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        police = User.objects.filter(is_active=True, role__in=MEMBER_ROLES).order_by("last_name", "first_name", "pk")
        for name in ("members", "chair"):
            self.fields[name].queryset = police
            self.fields[name].label_from_instance = _person

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("chair") and data.get("members") is not None and data["chair"] not in data["members"]:
            self.add_error("chair", _("The chair must be one of the members."))
        return data


class CommissionFilterForm(forms.Form):
    county = forms.ModelChoiceField(label=_("County"), queryset=County.objects.order_by("name"), required=False,
                                    empty_label=_("All counties"))
    programme = forms.ChoiceField(label=_("Programme"), choices=[("", _("Both programmes")), *Programme.choices],
                                  required=False)


class RecommendationForm(forms.Form):
    """The outcomes offered follow the stage rules (services.decision_outcomes_for)."""

    outcome = forms.ChoiceField(label=_("Proposed outcome"), widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Justification"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Printed on the list for the Komendant."))

    def __init__(self, *args, outcomes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Decision.Outcome.choices)
        self.fields["outcome"].choices = [(value, labels[value]) for value in outcomes]


class KomendantApprovalForm(forms.Form):
    approved_on = forms.DateField(label=_("Date of the Komendant's approval"), widget=DATE_WIDGET)
    reference = forms.CharField(
        label=_("Reference"), max_length=100,
        help_text=_("E.g. the number of the Regional Police Commander's decision."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_on"].initial = timezone.localdate()


class CeremonyFileForm(forms.Form):
    kind = forms.ChoiceField(choices=CeremonyFile.Kind.choices, widget=forms.HiddenInput)
