from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audits.models import Edition, Stage
from core.ui import DATE_WIDGET
from institutions.models import County, InstitutionType, Programme

from .models import Certificate, Decision, normalize_code
from .selectors import EXPIRING


class DecisionForm(forms.Form):
    """The choices offered come from the rules (see services.decision_outcomes_for)."""

    outcome = forms.ChoiceField(label=_("Decision of the certification team"), widget=forms.RadioSelect)
    decided_on = forms.DateField(label=_("Decision date"), widget=DATE_WIDGET)
    reference = forms.CharField(
        label=_("Reference"), max_length=100,
        help_text=_("E.g. the number of the Regional Police Commander's decision."),
    )
    note = forms.CharField(label=_("Justification"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, outcomes: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Decision.Outcome.choices)
        self.fields["outcome"].choices = [(value, labels[value]) for value in outcomes]
        self.fields["decided_on"].initial = timezone.localdate()

    def clean_decided_on(self):
        day = self.cleaned_data["decided_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The decision date cannot be in the future."))
        return day


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


class RegisterFilterForm(forms.Form):
    county = forms.ModelChoiceField(label=_("County"), queryset=County.objects.order_by("name"), required=False,
                                    empty_label=_("All counties"))
    programme = forms.ChoiceField(label=_("Programme"), choices=[("", _("Both programmes")), *Programme.choices],
                                  required=False)
    type = forms.ChoiceField(label=_("Type of institution"), choices=[("", _("All types")), *InstitutionType.choices],
                             required=False)
