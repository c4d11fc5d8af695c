"""Forms for planning, changing, scoring and signing audits. They validate input only: the rules
(window, team, self-score comments, versions) are the services' and come back as AuditError."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from django import forms
from django.core.validators import MaxValueValidator
from django.forms.boundfield import BoundField
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.ui import DATE_INPUT_FORMAT
from institutions.models import County, Programme, User

from ..models import Audit, Edition, Enrolment, SelfAssessment, Stage
from ..services.audits import PlanRow, TeamSlot


def date_widget(edition: Edition | None = None) -> forms.DateInput:
    attrs = {"type": "date"}
    if edition:
        attrs |= {"min": edition.audit_window_start.isoformat(), "max": edition.audit_window_end.isoformat()}
    return forms.DateInput(attrs=attrs, format=DATE_INPUT_FORMAT)


class TeamFieldsMixin(forms.Form):
    """Auditors (checkboxes) and the lead (one radio among them). Roles are checked by the service,
    which names the users who are not police auditors."""

    auditors = forms.ModelMultipleChoiceField(
        label=_("Audit team"), queryset=User.objects.filter(is_active=True), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    lead = forms.ModelChoiceField(label=_("Team lead"), queryset=User.objects.filter(is_active=True), required=False)

    def clean(self):
        cleaned = super().clean() or {}
        lead, auditors = cleaned.get("lead"), cleaned.get("auditors") or []
        if lead and lead not in auditors:
            self.add_error("lead", _("The team lead must be one of the selected auditors."))
        return cleaned

    def keep_as_typed(self) -> None:
        """Looking for an auditor without JavaScript sends the whole form, so nothing typed or ticked is lost; it is
        shown again as typed, without errors: it has not been submitted."""
        self._errors = ErrorDict()
        self.cleaned_data = {}

    def team(self) -> list[TeamSlot]:
        lead = self.cleaned_data.get("lead")
        return [TeamSlot(user, user == lead) for user in self.cleaned_data.get("auditors") or []]


@dataclass
class PlanningTableRow:
    enrolment: Enrolment
    selected: bool
    date: BoundField | None
    kind: BoundField | None
    errors: list[str]

    @property
    def live_audit(self) -> Audit | None:
        live = getattr(self.enrolment, "live_audits", None)  # prefetched by the planning view
        return live[0] if live else None

    @property
    def self_assessment_label(self) -> str:
        status = getattr(self.enrolment, "sa_status", None)
        return str(SelfAssessment.Status(status).label) if status else str(_("not started"))

    @property
    def plannable(self) -> bool:
        return getattr(self.enrolment, "sa_status", None) == SelfAssessment.Status.ACCEPTED and not self.live_audit


class AuditPlanForm(TeamFieldsMixin):
    """Several institutions at once: ticked rows, each with its own date (or the common one) and kind."""

    enrolments = forms.ModelMultipleChoiceField(
        label=_("Institutions"), queryset=Enrolment.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    date = forms.DateField(label=_("Audit date"), required=False,
                           help_text=_("Used for every ticked institution without its own date."))

    def __init__(self, *args, edition: Edition, shown: Iterable[Enrolment] = (), **kwargs):
        """Per-row date and kind fields exist for the rows on the page (`shown`) and the ticked ones sent:
        not for the whole edition, thousands of institutions."""
        super().__init__(*args, **kwargs)
        self.edition = edition
        enrolments = Enrolment.objects.filter(edition=edition).select_related("institution", "edition")
        self.fields["enrolments"].queryset = enrolments
        self.fields["date"].widget = date_widget(edition)
        shown = list(shown)
        ticked = {str(pk) for pk in cast(QueryDict, self.data).getlist("enrolments")} if self.is_bound else set()
        ticked -= {str(e.pk) for e in shown}
        if ticked:
            shown += enrolments.filter(pk__in=[pk for pk in ticked if pk.isdigit()])
        for enrolment in shown:
            self.fields[f"date_{enrolment.pk}"] = forms.DateField(
                label=_("Date for %(institution)s") % {"institution": enrolment.institution}, required=False,
                widget=date_widget(edition))
            self.fields[f"kind_{enrolment.pk}"] = forms.ChoiceField(
                label=_("Kind of audit for %(institution)s") % {"institution": enrolment.institution},
                choices=Stage.choices, initial=enrolment.stage, required=False,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}))

    def rows(self) -> list[PlanRow]:
        default = self.cleaned_data.get("date")
        return [
            PlanRow(e, self.cleaned_data.get(f"date_{e.pk}") or default, self.cleaned_data.get(f"kind_{e.pk}") or "")
            for e in self.cleaned_data.get("enrolments") or []
        ]

    def table(self, enrolments, row_errors: dict[int, list[str]] | None = None) -> list[PlanningTableRow]:
        selected = {
            str(pk)
            for pk in (
                cast(QueryDict, self.data).getlist("enrolments")
                if self.is_bound
                else self.initial.get("enrolments", [])
            )
        }
        return [
            PlanningTableRow(
                e, str(e.pk) in selected,
                self[f"date_{e.pk}"] if f"date_{e.pk}" in self.fields else None,
                self[f"kind_{e.pk}"] if f"kind_{e.pk}" in self.fields else None,
                (row_errors or {}).get(e.pk, []),
            )
            for e in enrolments
        ]


class AuditTeamForm(TeamFieldsMixin):
    reason = forms.CharField(label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 2}))


class AuditMoveForm(forms.Form):
    date = forms.DateField(label=_("New date"))
    reason = forms.CharField(label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].widget = date_widget(edition)


class AuditReasonForm(forms.Form):
    """Cancelling and reopening: a reason is required and recorded."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class AuditScoreForm(forms.Form):
    score = forms.IntegerField(label=_("Audit points"), min_value=0)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, max_points: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if max_points is not None:
            self.fields["score"].widget.attrs.update({"max": max_points, "min": 0})
            # Checked here too (not only by the service), so the error belongs to the field: marked invalid,
            # described to screen readers and focused after an htmx save.
            self.fields["score"].validators.append(MaxValueValidator(max_points))
            self.fields["score"].label = _("Audit points (0–%(max)s)") % {"max": max_points}


class AuditSignForm(forms.Form):
    # Recommendations are written one by one above the signature (AuditRecommendationForm).
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AuditRecommendationForm(forms.Form):
    text = forms.CharField(label=_("New recommendation"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class AuditFilterForm(forms.Form):
    county = forms.ModelChoiceField(label=_("County"), queryset=County.objects.all(), required=False,
                                    empty_label=_("All counties"))
    programme = forms.ChoiceField(label=_("Programme"), choices=[("", _("Both programmes"))] + Programme.choices,
                                  required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds"))] + Stage.choices, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All statuses"))] + Audit.Status.choices,
                               required=False)
    result = forms.ChoiceField(label=_("Result"), required=False, choices=[
        ("", _("Any result")), ("passed", pgettext_lazy("audit result", "passed")),
        ("failed", pgettext_lazy("audit result", "not passed")),
    ])


class CalendarFilterForm(forms.Form):
    """Rendered by hand (two fields, on pages whose cost must stay flat: crispy's templates cost more)."""

    county = forms.ModelChoiceField(label=_("County"), queryset=County.objects.all(), required=False,
                                    empty_label=_("All counties"), widget=forms.Select(attrs={"class": "form-select"}))


class CalendarDayFilterForm(CalendarFilterForm):
    double_booked_only = forms.BooleanField(label=_("Only audits with a double-booked auditor"), required=False,
                                            widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))


class PlanningFilterForm(forms.Form):
    county = forms.ModelChoiceField(label=_("County"), queryset=County.objects.all(), required=False,
                                    empty_label=_("All counties"))
    ready_only = forms.BooleanField(label=_("Only institutions ready for an audit"), required=False)
