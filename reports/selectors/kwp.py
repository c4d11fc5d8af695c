"""The KWP staff dashboard: every number in a fixed handful of aggregate queries.

Each function runs one query (or two) whatever the number of institutions: conditional
aggregation (`Count(..., filter=Q(...))`) and `values()` + `annotate()` per county, edition or
criteria area. The views link each number to the list that shows the same rows.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, FilteredRelation, Q, Sum
from django.utils import timezone

from audits.models import Audit, AuditAreaSummary, Edition, Enrolment, SelfAssessment, Stage
from audits.selectors.audits import plannable_enrolments
from certification.models import Certificate, Decision
from certification.rules import CERTIFICATE_KINDS
from certification.selectors import EXPIRING_DAYS, audits_awaiting_decision
from institutions.models import Application, County, User

NOT_STARTED = "not_started"


def expiring_window(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """Valid certificates whose validity ends within this window are "expiring"."""
    today = today or timezone.localdate()
    return today, today + datetime.timedelta(days=EXPIRING_DAYS)


def _share(part: int | Decimal | None, whole: int | Decimal | None) -> Decimal | None:
    """`part` as a percentage of `whole`, two decimals; None when there is nothing to divide."""
    if not whole:
        return None
    return (Decimal(part or 0) * 100 / Decimal(whole)).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class EditionNumbers:
    enrolled: int
    self_assessments: dict[str, int]  # status (and "not_started") -> enrolments
    audits_planned: int
    audits_signed: int
    audits_passed: int
    decisions_granting: int
    decisions_refused: int
    certificates_issued: int
    certificates_expiring: int

    @property
    def decisions(self) -> int:
        return self.decisions_granting + self.decisions_refused


def edition_numbers(*, edition: Edition, today: datetime.date | None = None) -> EditionNumbers:
    """The cards of the dashboard, five queries. Expiring certificates are counted across editions:
    a certificate granted years ago expires now whatever edition is being looked at."""
    start, end = expiring_window(today)
    statuses = {status: Count("pk", filter=Q(mine__status=status)) for status in SelfAssessment.Status.values}
    # The self-assessments joined on their own edition too (index self_assessment_edition_status): the join then
    # reads the edition's rows, not every self-assessment ever made.
    enrolments = Enrolment.objects.filter(edition=edition).annotate(
        mine=FilteredRelation("self_assessment", condition=Q(self_assessment__edition=edition)),
    ).aggregate(enrolled=Count("pk"), not_started=Count("pk", filter=Q(mine__isnull=True)), **statuses)
    # The audits' and decisions' own edition column (index audit_edition_status), no join through every enrolment.
    audits = Audit.objects.filter(edition=edition).aggregate(
        planned=Count("pk", filter=Q(status=Audit.Status.PLANNED)),
        signed=Count("pk", filter=Q(status=Audit.Status.SIGNED)),
        passed=Count("pk", filter=Q(status=Audit.Status.SIGNED, passed=True)),
    )
    decisions = Decision.objects.filter(edition=edition).aggregate(
        granting=Count("pk", filter=~Q(outcome=Decision.Outcome.REFUSED)),
        refused=Count("pk", filter=Q(outcome=Decision.Outcome.REFUSED)),
    )
    # Two counts, not one aggregate with filters; the edition is the certificate's own (no join to the audits).
    issued = Certificate.objects.filter(edition=edition).count()
    # The same rule as the certificate list's "expiring" filter the number links to.
    expiring = Certificate.objects.filter(revoked_at__isnull=True, valid_from__lte=start, valid_until__gte=start,
                                          valid_until__lte=end).count()
    return EditionNumbers(
        enrolled=enrolments["enrolled"],
        self_assessments={NOT_STARTED: enrolments["not_started"],
                          **{status: enrolments[status] for status in SelfAssessment.Status.values}},
        audits_planned=audits["planned"], audits_signed=audits["signed"], audits_passed=audits["passed"],
        decisions_granting=decisions["granting"], decisions_refused=decisions["refused"],
        certificates_issued=issued, certificates_expiring=expiring,
    )


@dataclass(frozen=True)
class Waiting:
    """What waits for KWP staff to act, shown first on their start page."""

    applications: int
    self_assessments: int
    audits_to_plan: int
    decisions: int

    @property
    def anything(self) -> bool:
        return any((self.applications, self.self_assessments, self.audits_to_plan, self.decisions))


def waiting_for_kwp(*, user: User, edition: Edition) -> Waiting:
    """New applications (any edition), and the edition's submitted self-assessments, audits to plan and
    signed audits without a decision: the same rows as the lists the numbers link to. Four queries."""
    return Waiting(
        applications=Application.objects.filter(status=Application.Status.NEW).count(),
        self_assessments=SelfAssessment.objects.filter(edition=edition, status=SelfAssessment.Status.SUBMITTED).count(),
        audits_to_plan=plannable_enrolments(user=user, edition=edition).count(),
        decisions=audits_awaiting_decision(user=user, edition=edition).count(),
    )


@dataclass(frozen=True)
class CountyRow:
    pk: int
    name: str
    enrolled: int
    certified: int

    @property
    def share(self) -> Decimal | None:
        return _share(self.certified, self.enrolled)


def county_rows(*, edition: Edition) -> list[CountyRow]:
    """Per county (every county, zeros included): institutions enrolled in the edition and those of
    them certified after its audits (three small queries).

    Grouped counts that start from the edition's enrolments and certificates: joining every county to all its
    institutions' enrolments, audits and certificates and counting distinct rows grows with all editions.
    An institution has one enrolment per edition, so counting enrolments counts institutions; the certificates
    carry their audit's edition (index certificate_edition_live), so no join through audits and enrolments.
    """
    enrolled = dict(Enrolment.objects.filter(edition=edition).values_list("institution__county")
                    .annotate(n=Count("pk")).order_by())
    certified = dict(
        Certificate.objects.filter(edition=edition, kind__in=CERTIFICATE_KINDS, revoked_at__isnull=True)
        .values_list("institution__county").annotate(n=Count("institution", distinct=True)).order_by()
    )
    return [CountyRow(pk, name, enrolled.get(pk, 0), certified.get(pk, 0))
            for pk, name in County.objects.order_by("name").values_list("pk", "name")]


@dataclass(frozen=True)
class EditionTrendRow:
    pk: int
    start_year: int
    enrolled: int
    certified: int
    lider: int

    @property
    def name(self) -> str:
        return f"{self.start_year}/{self.start_year + 1}"


def edition_trend() -> list[EditionTrendRow]:
    """Per edition, oldest first: enrolled institutions, institutions certified after the edition's
    audits, Lider titles granted after them (revoked ones left out) — three grouped queries, no join of
    every enrolment to its audits and certificates."""
    enrolled = dict(Enrolment.objects.values_list("edition").annotate(n=Count("pk")).order_by())
    live = Certificate.objects.filter(revoked_at__isnull=True)
    certified = dict(live.filter(kind__in=CERTIFICATE_KINDS).values_list("edition")
                     .annotate(n=Count("institution", distinct=True)).order_by())
    lider = dict(live.filter(kind=Stage.LIDER).values_list("edition").annotate(n=Count("pk")).order_by())
    return [EditionTrendRow(pk, year, enrolled.get(pk, 0), certified.get(pk, 0), lider.get(pk, 0))
            for pk, year in Edition.objects.order_by("start_year").values_list("pk", "start_year")]


@dataclass(frozen=True)
class AreaRow:
    programme: str
    number: int
    title: str
    audit_points: int
    audit_max: int
    self_points: int
    self_max: int

    @property
    def audit_share(self) -> Decimal | None:
        return _share(self.audit_points, self.audit_max)

    @property
    def self_share(self) -> Decimal | None:
        return _share(self.self_points, self.self_max)

    @property
    def gap(self) -> Decimal | None:
        """Self-score share minus audit share, in percentage points: positive where institutions over-rate."""
        if self.audit_share is None or self.self_share is None:
            return None
        return self.self_share - self.audit_share


def area_rows(*, edition: Edition) -> list[AreaRow]:
    """Per criteria area of the edition's rulebooks, over its signed audits: the audit points as a share of
    the maximum, and the same for the audited institutions' self-scores of those criteria (one query).

    Sums the per-audit area rows frozen at signing (AuditAreaSummary, audits/services/area_summaries.py):
    only criteria with both an audit score and a self-score count, so both shares cover the same pairs.
    Joining every audit score to its self-score on each view read the whole score table at 5,000
    institutions × 10 editions; the summary is an index range of one edition's rows.
    """
    keys = ("programme", "number", "title")
    rows = (
        AuditAreaSummary.objects.filter(edition=edition).values(*keys)
        .annotate(points=Sum("audit_points"), maximum=Sum("audit_max"), self_points=Sum("self_points"),
                  self_maximum=Sum("self_max"))
        .order_by(*keys[:2])
    )
    return [AreaRow(row["programme"], row["number"], row["title"], audit_points=row["points"],
                    audit_max=row["maximum"], self_points=row["self_points"], self_max=row["self_maximum"])
            for row in rows]
