"""Reads for self-assessments: who may see which, progress, completeness, the KWP review list."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from institutions.models import InstitutionType, Programme, User, in_programme_q
from institutions.selectors import served_by_unit_q

from ..models import (
    ActionPlanItem,
    Criterion,
    CriterionAnswer,
    DangerousPlace,
    Edition,
    Enrolment,
    Evidence,
    SelfAssessment,
    SelfAssessmentEvent,
)
from .audits import recommendation_rows, self_assessment_ids_audited_by
from .editions import edition_current

WARSAW = ZoneInfo("Europe/Warsaw")


def today_in_warsaw() -> datetime.date:
    return timezone.localdate(timezone=WARSAW)


class SubqueryCount(Subquery):
    """COUNT(*) of a correlated subquery, so that list annotations never multiply joined rows."""

    template = "(SELECT count(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


def _progress_annotations(*, enrolment: str, assessment: str) -> dict:
    """Counts for progress bars. `enrolment` is the path to the enrolment ("" or "enrolment__"),
    `assessment` the outer reference to the self-assessment's id."""
    rulebook_id = Case(
        When(**{f"{enrolment}institution__type": InstitutionType.UNIVERSITY},
             then=F(f"{enrolment}edition__uwpb_rulebook_id")),
        default=F(f"{enrolment}edition__spb_rulebook_id"),
    )
    criteria = Criterion.objects.filter(area__rulebook=OuterRef("rulebook_id")).values("pk")
    answers = CriterionAnswer.objects.filter(self_assessment=OuterRef(assessment))
    with_evidence = answers.filter(criterion__evidence_required=True).filter(
        Exists(Evidence.objects.filter(answer=OuterRef("pk")))
    )
    return {
        "rulebook_id": rulebook_id,
        "criteria_total": SubqueryCount(criteria),
        "evidence_total": SubqueryCount(criteria.filter(evidence_required=True)),
        "criteria_filled": SubqueryCount(answers.filter(score__isnull=False).values("pk")),
        "evidence_present": SubqueryCount(with_evidence.values("pk")),
    }


@dataclass(frozen=True)
class Progress:
    criteria_filled: int
    criteria_total: int
    evidence_present: int
    evidence_total: int

    @property
    def done(self) -> int:
        return self.criteria_filled + self.evidence_present

    @property
    def total(self) -> int:
        return self.criteria_total + self.evidence_total

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def progress_of(row) -> Progress:
    """Progress of a row annotated by `with_progress` (a self-assessment or an enrolment)."""
    return Progress(
        criteria_filled=row.criteria_filled or 0, criteria_total=row.criteria_total or 0,
        evidence_present=row.evidence_present or 0, evidence_total=row.evidence_total or 0,
    )


def with_progress(qs: QuerySet[SelfAssessment]) -> QuerySet[SelfAssessment]:
    return qs.annotate(**_progress_annotations(enrolment="enrolment__", assessment="pk"))


def _base() -> QuerySet[SelfAssessment]:
    return SelfAssessment.objects.select_related(
        "enrolment__edition", "enrolment__institution__county", "enrolment__edition__spb_rulebook",
        "enrolment__edition__uwpb_rulebook", "carried_over_from__enrolment__edition",
    )


def self_assessment_list_for_user(*, user: User) -> QuerySet[SelfAssessment]:
    """KWP staff: all; coordinators: their institutions'; auditors: those of the audits they are on, and a
    unit's officers those of the institutions the unit serves once submitted (a draft is the school's own)."""
    qs = _base()
    if user.is_kwp:
        return qs
    if user.is_coordinator:
        return qs.filter(enrolment__institution__coordinators=user)
    if user.is_auditor:
        submitted = served_by_unit_q(user, path="enrolment__institution__") & ~Q(status=SelfAssessment.Status.DRAFT)
        return qs.filter(Q(pk__in=self_assessment_ids_audited_by(user=user)) | submitted)
    return qs.none()


def get_self_assessment_for_user(*, user: User, pk: int, write: bool = False) -> SelfAssessment:
    """404 for self-assessments the user may not see; 403 when `write` and the user may only read
    (only coordinators fill in a self-assessment; KWP staff review it)."""
    assessment = get_object_or_404(with_progress(self_assessment_list_for_user(user=user)), pk=pk)
    if write and not user.is_coordinator:
        raise PermissionDenied
    return assessment


def get_enrolment_for_coordinator(*, user: User, pk: int) -> Enrolment:
    qs = Enrolment.objects.select_related("edition", "institution").filter(institution__coordinators=user)
    return get_object_or_404(qs, pk=pk)


def get_action_item_for_user(*, user: User, assessment: SelfAssessment, pk: int) -> ActionPlanItem:
    return get_object_or_404(assessment.action_items.all(), pk=pk)


def get_criterion_of(*, assessment: SelfAssessment, pk: int) -> Criterion:
    """A criterion of the rulebook this self-assessment is scored against (404 otherwise)."""
    qs = Criterion.objects.select_related("area").filter(area__rulebook=assessment.enrolment.rulebook)
    return get_object_or_404(qs, pk=pk)


def get_evidence_for_user(*, user: User, pk: int, write: bool = False) -> Evidence:
    visible = self_assessment_list_for_user(user=user).values("pk")
    qs = Evidence.objects.select_related("answer__self_assessment", "answer__criterion")
    evidence = get_object_or_404(qs.filter(answer__self_assessment__in=visible), pk=pk)
    if write and not user.is_coordinator:
        raise PermissionDenied
    return evidence


def diagnosis_gaps(assessment: SelfAssessment) -> list[str]:
    """The diagnosis fields still empty, by their labels (the submission needs all of them; a university is
    not asked about parents, see models.survey_fields)."""
    if assessment.enrolment.institution.programme == Programme.UWPB:
        surveys = {"surveyed_students": _("the number of surveyed students"),
                   "surveyed_teachers": _("the number of surveyed staff")}
    else:
        surveys = {"surveyed_students": _("the number of surveyed pupils"),
                   "surveyed_parents": _("the number of surveyed parents"),
                   "surveyed_teachers": _("the number of surveyed teachers")}
    diagnosis = {
        **{label: getattr(assessment, name) for name, label in surveys.items()},
        _("the site inspection date"): assessment.site_inspection_date,
        _("the main findings"): assessment.diagnosis_findings.strip() or None,
        _("the dangerous places"): assessment.dangerous_places.strip() or None,
    }
    return [label for label, value in diagnosis.items() if value is None]


def self_assessment_missing(assessment: SelfAssessment) -> list[str]:
    """What still stops the submission, as messages for the coordinator (empty when complete)."""
    missing = []
    empty = diagnosis_gaps(assessment)
    if empty:
        missing.append(_("Diagnosis: fill in %(fields)s.") % {"fields": ", ".join(empty)})
    if not assessment.action_items.exists():
        missing.append(_("Action plan: add at least one action."))
    criteria = Criterion.objects.filter(area__rulebook=assessment.enrolment.rulebook)
    answers = CriterionAnswer.objects.filter(self_assessment=assessment)
    unscored = criteria.exclude(pk__in=answers.filter(score__isnull=False).values("criterion"))
    codes = [c.code for c in unscored]
    if codes:
        missing.append(_("Criteria without a self-score: %(codes)s.") % {"codes": ", ".join(codes)})
    with_evidence = answers.filter(evidence__isnull=False).values("criterion")
    codes = [c.code for c in criteria.filter(evidence_required=True).exclude(pk__in=with_evidence)]
    if codes:
        missing.append(_("Criteria that require evidence but have no file: %(codes)s.") % {"codes": ", ".join(codes)})
    unanswered = [row for row in recommendation_rows(self_assessment=assessment) if not row.answer]
    if unanswered:
        missing.append(_("Last audit's recommendations: describe how each was addressed (%(count)s without an "
                         "answer).") % {"count": len(unanswered)})
    return missing


@dataclass(frozen=True)
class CriterionRow:
    criterion: Criterion
    answer: CriterionAnswer | None


def criterion_rows(assessment: SelfAssessment) -> list[tuple]:
    """The rulebook's areas in order, each with its criteria and this self-assessment's answers."""
    criteria = Criterion.objects.filter(area__rulebook=assessment.enrolment.rulebook).select_related("area")
    answers = {
        a.criterion_id: a
        for a in CriterionAnswer.objects.filter(self_assessment=assessment).prefetch_related("evidence")
    }
    areas: dict = {}
    for criterion in criteria:
        areas.setdefault(criterion.area, []).append(CriterionRow(criterion, answers.get(criterion.pk)))
    return list(areas.items())


def total_self_score(areas: list[tuple]) -> int:
    return sum(row.answer.score or 0 for _area, rows in areas for row in rows if row.answer)


def deadline_passed(assessment: SelfAssessment) -> bool:
    """True when a draft can no longer be submitted (a returned one can: see self_assessment_submit)."""
    deadline = assessment.enrolment.self_assessment_deadline
    return assessment.status == SelfAssessment.Status.DRAFT and today_in_warsaw() > deadline


def action_items_of(assessment: SelfAssessment) -> QuerySet[ActionPlanItem]:
    return assessment.action_items.prefetch_related("partnerships__partner")


def events_of(assessment: SelfAssessment) -> QuerySet[SelfAssessmentEvent]:
    return assessment.events.select_related("by")


def last_return(assessment: SelfAssessment) -> SelfAssessmentEvent | None:
    """KWP's latest return, whose comment the coordinator must see while correcting."""
    if assessment.status != SelfAssessment.Status.RETURNED:
        return None
    return assessment.events.filter(to_status=SelfAssessment.Status.RETURNED).select_related("by").last()


# --- Editions, lists and summaries ---------------------------------------------------------


def current_edition() -> Edition | None:
    return edition_current(today=today_in_warsaw())


def current_or_latest_edition() -> Edition | None:
    """The edition the self-assessment list opens on (and its export, and the KWP dashboard): the current one,
    else the newest."""
    return current_edition() or Edition.objects.order_by("-start_year").first()


def self_assessment_review_list(
    *, user: User, edition: Edition, county=None, programme: str = "", status: str = "", q: str = ""
) -> QuerySet[SelfAssessment]:
    if not user.is_kwp:
        raise PermissionDenied
    qs = with_progress(self_assessment_list_for_user(user=user).filter(edition=edition))
    if county:
        qs = qs.filter(enrolment__institution__county=county)
    if programme:
        qs = qs.filter(in_programme_q(programme, path="enrolment__institution__"))
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(
            Q(enrolment__institution__name__icontains=q) | Q(enrolment__institution__short_name__icontains=q)
            | Q(enrolment__institution__town__icontains=q)
        )
    return qs.order_by("enrolment__institution__name", "pk")


def enrolments_not_started(*, user: User, edition: Edition) -> QuerySet[Enrolment]:
    if not user.is_kwp:
        raise PermissionDenied
    return _not_started(edition).select_related("institution").order_by("institution__name")


def _not_started(edition: Edition) -> QuerySet[Enrolment]:
    """The edition's enrolments without a self-assessment: an anti-join on the edition's own self-assessments
    (a LEFT JOIN … IS NULL was planned as a scan of every self-assessment ever, 12 ms at 10 editions; 1 ms)."""
    opened = SelfAssessment.objects.filter(enrolment=OuterRef("pk"), edition=edition)
    return edition.enrolments.filter(~Exists(opened))


def status_counts(*, edition: Edition) -> dict[str, int]:
    """Self-assessments of an edition by status, plus "not_started" for enrolments without one."""
    # order_by(): the model's ordering would join enrolments, editions and institutions into the count.
    counts = dict(
        SelfAssessment.objects.filter(edition=edition).order_by().values_list("status").annotate(n=Count("pk"))
    )
    counts["not_started"] = _not_started(edition).count()
    return counts


def coordinator_enrolments(*, user: User, edition: Edition) -> QuerySet[Enrolment]:
    """The coordinator's enrolments in an edition, with their self-assessment (if opened) and progress."""
    return (
        Enrolment.objects.filter(edition=edition, institution__coordinators=user)
        .select_related("institution", "edition", "self_assessment")
        .annotate(**_progress_annotations(enrolment="", assessment="self_assessment"))
        .order_by("institution__name")
    )


def institution_self_assessments(*, user: User, institution) -> QuerySet[SelfAssessment]:
    return (
        self_assessment_list_for_user(user=user)
        .filter(enrolment__institution=institution)
        .order_by("-enrolment__edition__start_year")
    )


def places_of(assessment: SelfAssessment) -> QuerySet[DangerousPlace]:
    return assessment.places.select_related("action_item", "carried_over_from__self_assessment__enrolment__edition")


def get_place_for_user(*, user: User, assessment: SelfAssessment, pk: int) -> DangerousPlace:
    return get_object_or_404(assessment.places.all(), pk=pk)
