"""Writes for audits: planning by KWP staff, scoring by the team, signing by the lead, reopening.

Every change of date, team, status or score writes an AuditEvent (who, when, old, new, note).
Status changes are compare-and-set on (status, version); score saves are compare-and-set on the
score's own version, under a row lock on the audit so that signing sees a stable set of scores.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import holidays
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.emails import email_queue
from core.lib.dates import short_date
from core.services import ServiceError
from institutions.models import User

from ..certification_hooks import CertificateRecord, audit_is_decided, certificate_history
from ..models import (
    Audit,
    AuditEvent,
    AuditScore,
    AuditTeamMember,
    Criterion,
    CriterionAnswer,
    Enrolment,
    RulebookVersion,
    SelfAssessment,
    Stage,
)
from ..selectors.audits import audit_criteria, auditor_double_bookings
from .area_summaries import area_summary_clear, area_summary_freeze
from .editions import stage_standing
from .protocols import protocol_issue, protocol_supersede

EMAIL_LANGUAGE = "pl"


class AuditError(ServiceError):
    """A rule was broken; the message is shown to the user and nothing was changed."""


class AuditPlanError(AuditError):
    """Planning refused; `row_errors` maps enrolment ids to the messages for their rows."""

    def __init__(self, message: str, row_errors: dict[int, list[str]] | None = None) -> None:
        super().__init__(message)
        self.row_errors = row_errors or {}


class AuditScoreConflict(AuditError):
    """Someone saved the criterion after the form was loaded; `current` holds their values."""

    def __init__(self, message: str, current: AuditScore) -> None:
        super().__init__(message)
        self.current = current


@dataclass(frozen=True)
class TeamSlot:
    user: User
    is_lead: bool = False


@dataclass(frozen=True)
class PlanRow:
    enrolment: Enrolment
    date: datetime.date | None
    kind: str = ""  # empty: the stage the institution seeks


@dataclass(frozen=True)
class AuditResult:
    total_points: int
    max_points: int
    percent: Decimal
    passed: bool
    lider_conditions_met: bool | None = None  # only for Lider audits
    years_in_programme: int | None = None
    notes: list[str] = field(default_factory=list)


# --- The result under a rulebook (pure) --------------------------------------------------


def audit_result(
    scores: Iterable[int],
    rulebook: RulebookVersion,
    *,
    kind: str = Stage.CERTIFICATE,
    audit_date: datetime.date | None = None,
    certificates: Iterable[CertificateRecord] = (),
) -> AuditResult:
    """Total, share of the maximum and the result under `rulebook`; reads nothing from the database.

    Passing compares the exact total with `rulebook.pass_mark()` (a Decimal), so a total exactly at
    the threshold passes; the percentage is rounded for display only. A Lider audit also needs what
    `stage_standing` asks on the audit date: an extension (stage II) and `lider_min_years` full years of
    certificates without a break.
    """
    total = sum(scores)
    max_points = rulebook.max_points
    percent = (Decimal(total) * 100 / max_points).quantize(Decimal("0.01"), ROUND_HALF_UP) if max_points else Decimal(0)
    passed = Decimal(total) >= rulebook.pass_mark()
    if kind != Stage.LIDER:
        return AuditResult(total, max_points, percent, passed)
    notes = []
    standing = stage_standing(list(certificates), rulebook, audit_date) if audit_date else None
    years = standing.years if standing else None
    if standing is None or standing.years < rulebook.lider_min_years:
        notes.append("years")
    if standing is None or not standing.stage_two:
        notes.append("certificate")
    if not passed:
        notes.append("points")
    return AuditResult(total, max_points, percent, passed, not notes, years, notes)


# --- Checks shared by the writes ---------------------------------------------------------


def _check_team(team: Sequence[TeamSlot]) -> None:
    if not team:
        raise AuditError(_("Choose at least one auditor for the team."))
    not_auditors = [str(slot.user) for slot in team if not (slot.user.is_auditor and slot.user.is_active)]
    if not_auditors:
        raise AuditError(
            _("Only active police auditors can be on an audit team: %(names)s.") % {"names": ", ".join(not_auditors)}
        )
    if len({slot.user.pk for slot in team}) != len(team):
        raise AuditError(_("Each auditor can be on the team only once."))
    leads = sum(slot.is_lead for slot in team)
    if leads == 0:
        raise AuditError(_("Choose the team lead."))
    if leads > 1:
        raise AuditError(_("An audit team has exactly one lead."))


def _date_error(enrolment: Enrolment, date: datetime.date | None) -> str | None:
    edition = enrolment.edition
    if date is None:
        return _("Enter the audit date.")
    if not edition.audit_window_start <= date <= edition.audit_window_end:
        return _("The audit date must fall within the audit window of edition %(edition)s (%(start)s–%(end)s).") % {
            "edition": edition.name,
            "start": short_date(edition.audit_window_start),
            "end": short_date(edition.audit_window_end),
        }
    return None


def _require_kwp(user: User) -> None:
    if not user.is_kwp:
        raise AuditError(_("Only KWP staff can plan and change audits."))


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise AuditError(_("Give the reason for this change."))
    return reason


def _lock(audit: Audit) -> Audit:
    # Lock the audit row only, not the enrolment, institution and edition joined for reading.
    qs = Audit.objects.select_for_update(of=("self",)).select_related("enrolment__institution", "enrolment__edition")
    return qs.get(pk=audit.pk)


def _transition(audit: Audit, to: str, **fields) -> None:
    """Compare-and-set the status (and version) read under the lock; 1 row or the change is refused."""
    if to not in Audit.TRANSITIONS[audit.status]:
        raise AuditError(
            _("An audit with the status “%(status)s” cannot be changed this way.")
            % {"status": audit.get_status_display()}
        )
    updated = Audit.objects.filter(pk=audit.pk, status=audit.status, version=audit.version).update(
        status=to, version=F("version") + 1, **fields
    )
    if updated != 1:
        raise AuditError(_("The audit was changed in the meantime; reload the page and try again."))


def _team_text(team: Iterable[TeamSlot | AuditTeamMember]) -> str:
    return ", ".join(f"{slot.user}{' *' if slot.is_lead else ''}" for slot in team)


def _log(audit: Audit, by: User | None, action: str, old: str = "", new: str = "", note: str = "",
         criterion: Criterion | None = None) -> None:
    AuditEvent.objects.create(audit=audit, by=by, action=action, old_value=old, new_value=new, note=note,
                              criterion=criterion)


def _day(date: datetime.date) -> str:
    return short_date(date)


# --- E-mail to the institution's coordinators ---------------------------------------------


def _notify_coordinators(audit: Audit, template: str, **extra) -> None:
    institution = audit.enrolment.institution
    recipients = institution.coordinator_emails()
    team = list(audit.team.select_related("user__police_unit"))
    with translation.override(EMAIL_LANGUAGE):
        context = {
            "institution": institution.name,
            "edition": audit.enrolment.edition.name,
            "kind": str(Stage(audit.kind).label),
            "date": _day(audit.date),
            "weekday": date_format(audit.date, "l"),
            "team": [
                {"name": str(m.user), "unit": str(m.user.police_unit or ""), "lead": m.is_lead} for m in team
            ],
            "audit_path": reverse("audits:audit-detail", args=[audit.pk]),
            "institution_path": institution.get_absolute_url(),
            **extra,
        }
    email_queue(template=template, to=recipients, context=context, language=EMAIL_LANGUAGE)


# --- Planning ----------------------------------------------------------------------------


def audit_warnings(audits: Iterable[Audit]) -> list[str]:
    """Warnings (not errors) about planned audits, shown to KWP staff after planning, moving or changing
    the team: a weekend or a Polish public holiday (the `holidays` library), a team without an officer
    of the police unit that serves the institution's county, auditors booked twice on one day."""
    audits = list(audits)
    if not audits:
        return []
    language = "en_US" if (translation.get_language() or "pl").startswith("en") else "pl"
    public_holidays = holidays.country_holidays("PL", language=language)
    units = defaultdict(set)
    for audit_id, unit_id in AuditTeamMember.objects.filter(audit__in=audits).values_list("audit", "user__police_unit"):
        units[audit_id].add(unit_id)
    rows = Audit.objects.filter(pk__in=[a.pk for a in audits]).order_by("date", "pk").values_list(
        "pk", "date", "enrolment__institution__name", "enrolment__institution__county__name",
        "enrolment__institution__county__police_unit", "enrolment__institution__county__police_unit__short_name")
    warnings = []
    for pk, date, institution, county, unit_id, unit in rows:
        where = {"institution": institution, "date": _day(date), "weekday": date_format(date, "l")}
        if holiday := public_holidays.get(date):
            warnings.append(_("%(institution)s: %(date)s is a public holiday (%(holiday)s).") % {
                **where, "holiday": holiday})
        elif date.weekday() >= 5:
            warnings.append(_("%(institution)s: %(date)s is a %(weekday)s.") % where)
        if unit_id not in units[pk]:
            warnings.append(_("%(institution)s: nobody on the team is from %(unit)s, the unit that serves the "
                              "county %(county)s.") % {**where, "unit": unit, "county": county})
    return warnings + auditor_double_bookings(audits)



def _plan_row_errors(row: PlanRow) -> list[str]:
    errors = []
    enrolment = row.enrolment
    if not SelfAssessment.objects.filter(enrolment=enrolment, status=SelfAssessment.Status.ACCEPTED).exists():
        errors.append(_("%(institution)s: its self-assessment has not been accepted.") % {
            "institution": enrolment.institution})
    live = Audit.objects.filter(enrolment=enrolment).exclude(status=Audit.Status.CANCELLED).first()
    if live:
        errors.append(_("%(institution)s already has an audit on %(date)s.") % {
            "institution": enrolment.institution, "date": _day(live.date)})
    if row.kind and row.kind not in Stage.values:
        errors.append(_("Choose the kind of audit."))
    date_error = _date_error(enrolment, row.date)
    if date_error:
        errors.append(date_error)
    return errors


def _audit_create(row: PlanRow, team: Sequence[TeamSlot], by: User) -> Audit:
    assert row.date is not None  # plan rows without a date were refused by the checks before
    audit = Audit(enrolment=row.enrolment, edition_id=row.enrolment.edition_id, kind=row.kind or row.enrolment.stage,
                  date=row.date, planned_by=by)
    try:
        with transaction.atomic():
            audit.save()
    except IntegrityError:  # planned by someone else between the check and the insert
        raise AuditPlanError(
            _("Nothing was planned: correct the marked rows."),
            {row.enrolment.pk: [
                _("%(institution)s already has an audit.") % {"institution": row.enrolment.institution}]},
        ) from None
    AuditTeamMember.objects.bulk_create(
        [AuditTeamMember(audit=audit, user=slot.user, is_lead=slot.is_lead) for slot in team]
    )
    _log(audit, by, AuditEvent.Action.PLANNED, new=f"{_day(audit.date)}; {_team_text(team)}")
    _notify_coordinators(audit, "audit_planned")
    return audit


@transaction.atomic
def audit_plan_many(*, rows: Sequence[PlanRow], team: Sequence[TeamSlot], by: User) -> tuple[list[Audit], list[str]]:
    """Plan an audit for each row with the same team: all or nothing.

    1. The team is checked once (auditors only, exactly one lead).
    2. Every row is checked (accepted self-assessment, no live audit, date in the window);
       any failure raises AuditPlanError with the messages per row and nothing is saved.
    3. The audits, teams and events are saved and the coordinators are e-mailed after commit.
    Returns the audits and the warnings of `audit_warnings` (weekend, holiday, county unit, double bookings).
    """
    _require_kwp(by)
    if not rows:
        raise AuditPlanError(_("Select at least one institution."))
    try:
        _check_team(team)
    except AuditError as exc:
        raise AuditPlanError(str(exc)) from None
    if len({row.enrolment.pk for row in rows}) != len(rows):
        raise AuditPlanError(_("Each institution can be planned only once."))
    row_errors = {row.enrolment.pk: errors for row in rows if (errors := _plan_row_errors(row))}
    if row_errors:
        raise AuditPlanError(_("Nothing was planned: correct the marked rows."), row_errors)
    audits = [_audit_create(row, team, by) for row in rows]
    return audits, audit_warnings(audits)


def audit_plan(*, enrolment: Enrolment, date: datetime.date, team: Sequence[TeamSlot], by: User,
               kind: str = "") -> Audit:
    audits, _warnings = audit_plan_many(rows=[PlanRow(enrolment, date, kind)], team=team, by=by)
    return audits[0]


@transaction.atomic
def audit_move(*, audit: Audit, date: datetime.date, reason: str, by: User) -> list[str]:
    """A new date inside the window, with a reason; the coordinators are told. Returns warnings."""
    _require_kwp(by)
    reason = _reason(reason)
    audit = _lock(audit)
    if audit.status != Audit.Status.PLANNED:
        raise AuditError(_("Only a planned audit can be moved."))
    date_error = _date_error(audit.enrolment, date)
    if date_error:
        raise AuditError(date_error)
    if date == audit.date:
        raise AuditError(_("The new date is the same as the current one."))
    updated = Audit.objects.filter(pk=audit.pk, status=audit.status, version=audit.version).update(
        date=date, version=F("version") + 1
    )
    if updated != 1:
        raise AuditError(_("The audit was changed in the meantime; reload the page and try again."))
    old_date = audit.date
    audit.refresh_from_db()
    _log(audit, by, AuditEvent.Action.MOVED, old=_day(old_date), new=_day(date), note=reason)
    _notify_coordinators(audit, "audit_changed", old_date=_day(old_date), reason=reason)
    return audit_warnings([audit])


@transaction.atomic
def audit_team_change(*, audit: Audit, team: Sequence[TeamSlot], reason: str, by: User) -> list[str]:
    _require_kwp(by)
    reason = _reason(reason)
    _check_team(team)
    audit = _lock(audit)
    if audit.status != Audit.Status.PLANNED:
        raise AuditError(_("Only the team of a planned audit can be changed."))
    old = list(audit.team.select_related("user"))
    if {(m.user_id, m.is_lead) for m in old} == {(s.user.pk, s.is_lead) for s in team}:
        raise AuditError(_("The team is the same as before."))
    audit.team.all().delete()
    AuditTeamMember.objects.bulk_create([AuditTeamMember(audit=audit, user=s.user, is_lead=s.is_lead) for s in team])
    Audit.objects.filter(pk=audit.pk).update(version=F("version") + 1)
    _log(audit, by, AuditEvent.Action.TEAM_CHANGED, old=_team_text(old), new=_team_text(team), note=reason)
    _notify_coordinators(audit, "audit_changed", reason=reason)
    return audit_warnings([audit])


@transaction.atomic
def audit_cancel(*, audit: Audit, reason: str, by: User) -> None:
    _require_kwp(by)
    reason = _reason(reason)
    audit = _lock(audit)
    _transition(audit, Audit.Status.CANCELLED)
    _log(audit, by, AuditEvent.Action.CANCELLED, old=audit.status, new=Audit.Status.CANCELLED, note=reason)
    _notify_coordinators(audit, "audit_cancelled", reason=reason)


# --- Scoring, signing, reopening -----------------------------------------------------------


def _score_text(score: int | None) -> str:
    return "" if score is None else str(score)


@transaction.atomic
def audit_score_save(
    *, audit: Audit, criterion: Criterion, score: int | None, comment: str, version: int, by: User,
    today: datetime.date | None = None,
) -> AuditScore:
    """Save one criterion's score if `version` is still the stored one (no silent lost update)."""
    audit = _lock(audit)
    if audit.status != Audit.Status.PLANNED:
        raise AuditError(_("This audit is signed or cancelled; its scores can no longer be changed."))
    if not audit.team.filter(user=by).exists():
        raise AuditError(_("Only members of the audit team can score this audit."))
    if (today or timezone.localdate()) < audit.date:
        raise AuditError(_("Scores can be entered from the day of the audit (%(date)s).") % {"date": _day(audit.date)})
    if not audit_criteria(audit).filter(pk=criterion.pk).exists():
        raise AuditError(_("This criterion is not part of the rulebook of this audit."))
    if score is None:
        raise AuditError(_("Enter the points for criterion %(code)s.") % {"code": criterion.code})
    if not 0 <= score <= criterion.max_points:
        raise AuditError(_("Criterion %(code)s: enter from 0 to %(max)s points.") % {
            "code": criterion.code, "max": criterion.max_points})
    comment = (comment or "").strip()
    self_score = (
        CriterionAnswer.objects.filter(self_assessment__enrolment=audit.enrolment, criterion=criterion)
        .values_list("score", flat=True).first()
    )
    if score != self_score and not comment:
        if self_score is None:
            raise AuditError(_("There is no self-score for this criterion: explain your score in a comment."))
        raise AuditError(_("Your score differs from the self-score (%(self)s): explain the difference in a comment.")
                         % {"self": self_score})
    row, _created = AuditScore.objects.get_or_create(audit=audit, criterion=criterion)
    if row.version != version:
        raise AuditScoreConflict(_score_conflict_message(row), row)
    if (row.score, row.comment) == (score, comment):
        return row
    AuditScore.objects.filter(pk=row.pk, version=version).update(
        score=score, comment=comment, version=version + 1, updated_by=by, updated_at=timezone.now()
    )
    _log(audit, by, AuditEvent.Action.SCORED, old=_score_text(row.score), new=_score_text(score), note=comment,
         criterion=criterion)
    row.refresh_from_db()
    return row


def _score_conflict_message(row: AuditScore) -> str:
    by = row.updated_by or _("another team member")
    if row.score is None:
        return _("%(who)s changed this criterion after you opened the page. Your change was not saved; "
                 "check the current values and save again.") % {"who": by}
    return _(
        "%(who)s saved this criterion after you opened the page: %(score)s points, comment: “%(comment)s”. "
        "Your change was not saved; check the current values and save again if needed."
    ) % {"who": by, "score": row.score, "comment": row.comment or "—"}


@transaction.atomic
def audit_sign(*, audit: Audit, by: User, summary: str = "", recommendations: str = "") -> Audit:
    """The lead signs when every criterion is scored: the result is computed and frozen on the audit."""
    audit = _lock(audit)
    if audit.status != Audit.Status.PLANNED:
        raise AuditError(_("Only a planned audit can be signed."))
    if not audit.team.filter(user=by, is_lead=True).exists():
        raise AuditError(_("Only the team lead can sign the audit."))
    criteria = list(audit_criteria(audit))
    if not criteria:
        raise AuditError(_("The rulebook of this audit has no criteria."))
    scores = dict(audit.scores.filter(score__isnull=False).values_list("criterion_id", "score"))
    missing = [c.code for c in criteria if c.pk not in scores]
    if missing:
        raise AuditError(_("Not every criterion is scored yet (missing: %(codes)s).") % {"codes": ", ".join(missing)})
    institution = audit.enrolment.institution
    result = audit_result(
        [scores[c.pk] or 0 for c in criteria],
        audit.enrolment.rulebook,
        kind=audit.kind,
        audit_date=audit.date,
        certificates=certificate_history(institution.pk),
    )
    _transition(
        audit, Audit.Status.SIGNED, total_points=result.total_points, max_points=result.max_points,
        percent=result.percent, passed=result.passed, lider_conditions_met=result.lider_conditions_met,
        summary=summary.strip(), recommendations=recommendations.strip(), signed_at=timezone.now(), signed_by=by,
    )
    audit.refresh_from_db()
    area_summary_freeze(audit=audit)
    _log(audit, by, AuditEvent.Action.SIGNED, old=Audit.Status.PLANNED, new=Audit.Status.SIGNED,
         note=f"{result.total_points}/{result.max_points} ({result.percent}%)")
    protocol_issue(audit=audit, by=by)
    _notify_coordinators(
        audit, "audit_signed", total=result.total_points, max=result.max_points, percent=str(result.percent),
        passed=result.passed,
    )
    return audit


AUDIT_REMINDER_DAYS = 7


def audit_send_reminders(today: datetime.date) -> int:
    """Remind the coordinators of a planned audit from 7 days before it until its day: due while the
    audit is near and not yet reminded of for its current date, so a run that missed the day catches
    up and a second run sends nothing. The e-mail states the real number of days left."""
    sent = 0
    due = (Audit.objects.filter(status=Audit.Status.PLANNED, date__gte=today,
                                date__lte=today + datetime.timedelta(days=AUDIT_REMINDER_DAYS))
           .exclude(reminder_sent_for=F("date")).select_related("enrolment__institution", "enrolment__edition"))
    for audit in due:
        with transaction.atomic():
            # Compare-and-set: of two overlapping runs only one marks the date, and only it sends.
            marked = (Audit.objects.filter(pk=audit.pk, status=Audit.Status.PLANNED, date=audit.date)
                      .exclude(reminder_sent_for=audit.date).update(reminder_sent_for=audit.date))
            if marked != 1:
                continue
            _notify_coordinators(audit, "audit_reminder", days=(audit.date - today).days)
        sent += 1
    return sent


@transaction.atomic
def audit_reopen(*, audit: Audit, reason: str, by: User) -> Audit:
    """KWP staff take a signed audit back to planned; the frozen result is cleared, the scores stay."""
    if not by.is_kwp:
        raise AuditError(_("Only KWP staff can reopen a signed audit."))
    reason = _reason(reason)
    audit = _lock(audit)
    # Checked under the row lock that decision_record also takes, so the two cannot interleave.
    if audit_is_decided(audit.pk):
        raise AuditError(_("A certification decision rests on this audit; it can no longer be reopened."))
    old_result = f"{audit.total_points}/{audit.max_points} ({audit.percent}%)"
    _transition(
        audit, Audit.Status.PLANNED, total_points=None, max_points=None, percent=None, passed=None,
        lider_conditions_met=None, signed_at=None, signed_by=None,
    )
    _log(audit, by, AuditEvent.Action.REOPENED, old=Audit.Status.SIGNED, new=Audit.Status.PLANNED,
         note=f"{reason} ({old_result})")
    area_summary_clear(audit=audit)
    protocol_supersede(audit=audit)
    audit.refresh_from_db()
    return audit
