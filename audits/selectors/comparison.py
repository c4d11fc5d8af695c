"""Scores compared across editions: the previous edition's self-score and audit score beside this one's, and
KWP's per-criterion view of the region.

Criteria are different rows in each rulebook version, so a criterion is matched across editions by its
code ("2.1"): a criterion the previous rulebook did not have simply shows no earlier score.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from institutions.models import County, User, in_programme_q

from ..models import Audit, AuditScore, Criterion, CriterionAnswer, Edition, Enrolment, SelfAssessment


@dataclass(frozen=True)
class PreviousScores:
    edition: Edition
    self_scores: dict[str, int | None]
    audit_scores: dict[str, int | None]
    audited: bool

    def for_code(self, code: str) -> tuple[int | None, int | None]:
        return self.self_scores.get(code), self.audit_scores.get(code)


def previous_scores(*, enrolment: Enrolment) -> PreviousScores | None:
    """The institution's scores in the latest earlier edition with a self-assessment or a signed audit
    (3 queries), or None when there is none. Only signed audits count: an unsigned score may still change."""
    signed = Q(audits__status=Audit.Status.SIGNED)
    previous = (
        Enrolment.objects.select_related("edition")
        .filter(Q(self_assessment__isnull=False) | signed, institution_id=enrolment.institution_id,
                edition__start_year__lt=enrolment.edition.start_year)
        .order_by("-edition__start_year").first()
    )
    if previous is None:
        return None
    self_scores = dict(CriterionAnswer.objects.filter(self_assessment__enrolment=previous)
                       .values_list("criterion__code", "score"))
    audit_scores = dict(AuditScore.objects.filter(audit__enrolment=previous, audit__status=Audit.Status.SIGNED)
                        .values_list("criterion__code", "score"))
    return PreviousScores(edition=previous.edition, self_scores=self_scores, audit_scores=audit_scores,
                          audited=bool(audit_scores))


# --- KWP: each criterion across the region ------------------------------------------------------------


def _aggregate(qs: QuerySet, function) -> Subquery:
    """One aggregate of a correlated queryset, grouped by its criterion (a scalar subquery)."""
    return Subquery(qs.values("criterion").annotate(value=function).values("value")[:1])


def criteria_comparison(
    *, user: User, edition: Edition, programme: str, county: County | None = None
) -> QuerySet[Criterion]:
    """The criteria of the edition's rulebook for `programme`, each annotated with the region's average
    self-score (`self_avg`, over submitted or accepted self-assessments) and average audit score
    (`audit_avg`, over signed audits), and how many of each (`self_count`, `audit_count`); optionally
    one county only. One query per page, whatever the number of institutions."""
    if not user.is_kwp:
        raise PermissionDenied
    rulebook = edition.rulebook_for(programme)
    where = Q(enrolment__edition=edition) & in_programme_q(programme, path="enrolment__institution__")
    if county is not None:
        where &= Q(enrolment__institution__county=county)
    assessments = SelfAssessment.objects.filter(
        where, status__in=[SelfAssessment.Status.SUBMITTED, SelfAssessment.Status.ACCEPTED])
    audits = Audit.objects.filter(where, status=Audit.Status.SIGNED)
    answers = CriterionAnswer.objects.filter(criterion=OuterRef("pk"), score__isnull=False,
                                             self_assessment__in=assessments.values("pk"))
    scores = AuditScore.objects.filter(criterion=OuterRef("pk"), score__isnull=False, audit__in=audits.values("pk"))
    return (
        Criterion.objects.filter(area__rulebook=rulebook).select_related("area")
        .annotate(
            self_avg=_aggregate(answers, Avg("score")),
            self_count=Coalesce(_aggregate(answers, Count("pk")), 0, output_field=IntegerField()),
            audit_avg=_aggregate(scores, Avg("score")),
            audit_count=Coalesce(_aggregate(scores, Count("pk")), 0, output_field=IntegerField()),
        )
        .order_by("area__number", "position", "code")
    )


def share(value, max_points: int) -> int | None:
    """An average as a whole percentage of the criterion's maximum (None without data)."""
    return None if value is None or not max_points else round(100 * float(value) / max_points)
