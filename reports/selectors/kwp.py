"""The KWP staff dashboard: every number in a fixed handful of aggregate queries.

Each function runs one query (or two) whatever the number of institutions: conditional
aggregation (`Count(..., filter=Q(...))`) and `values()` + `annotate()` per county, edition or
criteria area. The views link each number to the list that shows the same rows.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from audits.models import Audit, AuditScore, CriterionAnswer, Edition, Enrolment, SelfAssessment, Stage
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
    """The cards of the dashboard, four queries. Expiring certificates are counted across editions:
    a certificate granted years ago expires now whatever edition is being looked at."""
    start, end = expiring_window(today)
    statuses = {
        status: Count("pk", filter=Q(self_assessment__status=status)) for status in SelfAssessment.Status.values
    }
    enrolments = Enrolment.objects.filter(edition=edition).aggregate(
        enrolled=Count("pk"), not_started=Count("pk", filter=Q(self_assessment__isnull=True)), **statuses
    )
    audits = Audit.objects.filter(enrolment__edition=edition).aggregate(
        planned=Count("pk", filter=Q(status=Audit.Status.PLANNED)),
        signed=Count("pk", filter=Q(status=Audit.Status.SIGNED)),
        passed=Count("pk", filter=Q(status=Audit.Status.SIGNED, passed=True)),
    )
    decisions = Decision.objects.filter(audit__enrolment__edition=edition).aggregate(
        granting=Count("pk", filter=~Q(outcome=Decision.Outcome.REFUSED)),
        refused=Count("pk", filter=Q(outcome=Decision.Outcome.REFUSED)),
    )
    certificates = Certificate.objects.aggregate(
        issued=Count("pk", filter=Q(audit__enrolment__edition=edition)),
        # The same rule as the certificate list's "expiring" filter the number links to.
        expiring=Count("pk", filter=Q(revoked_at__isnull=True, valid_from__lte=start, valid_until__gte=start,
                                      valid_until__lte=end)),
    )
    return EditionNumbers(
        enrolled=enrolments["enrolled"],
        self_assessments={NOT_STARTED: enrolments["not_started"],
                          **{status: enrolments[status] for status in SelfAssessment.Status.values}},
        audits_planned=audits["planned"], audits_signed=audits["signed"], audits_passed=audits["passed"],
        decisions_granting=decisions["granting"], decisions_refused=decisions["refused"],
        certificates_issued=certificates["issued"], certificates_expiring=certificates["expiring"],
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
        self_assessments=SelfAssessment.objects.filter(
            enrolment__edition=edition, status=SelfAssessment.Status.SUBMITTED).count(),
        audits_to_plan=plannable_enrolments(user=user, edition=edition).count(),
        decisions=audits_awaiting_decision(user=user, edition=edition).count(),
    )


def _certified_q(prefix: str) -> Q:
    """A certificate (stage I or II, not revoked) granted after an audit of the edition in `prefix`."""
    return Q(
        **{f"{prefix}certificates__kind__in": CERTIFICATE_KINDS, f"{prefix}certificates__revoked_at__isnull": True}
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
    them certified after its audits (one query)."""
    path = "institutions__enrolments__"
    rows = County.objects.annotate(
        enrolled=Count(f"{path}pk", filter=Q(**{f"{path}edition": edition}), distinct=True),
        certified=Count(f"{path}institution", filter=Q(**{f"{path}edition": edition})
                        & _certified_q(f"{path}audits__"), distinct=True),
    ).order_by("name").values_list("pk", "name", "enrolled", "certified")
    return [CountyRow(*row) for row in rows]


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
    audits, Lider titles granted after them (revoked ones left out) — one query."""
    path = "enrolments__audits__"
    rows = Edition.objects.annotate(
        enrolled_n=Count("enrolments", distinct=True),
        certified_n=Count("enrolments__institution", filter=_certified_q(path), distinct=True),
        lider_n=Count(f"{path}certificates", filter=Q(**{f"{path}certificates__kind": Stage.LIDER,
                                                          f"{path}certificates__revoked_at__isnull": True}),
                      distinct=True),
    ).order_by("start_year").values_list("pk", "start_year", "enrolled_n", "certified_n", "lider_n")
    return [EditionTrendRow(*row) for row in rows]


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
    the maximum, and the same for the audited institutions' self-scores of those criteria (two queries)."""
    area = "criterion__area__"
    keys = (f"{area}rulebook__programme", f"{area}number", f"{area}title")
    # Only criteria with both an audit score and a self-score count, so both shares cover the same pairs.
    audit = (
        AuditScore.objects.filter(audit__enrolment__edition=edition, audit__status=Audit.Status.SIGNED,
                                  score__isnull=False)
        .filter(Exists(CriterionAnswer.objects.filter(
            self_assessment__enrolment=OuterRef("audit__enrolment"), criterion=OuterRef("criterion"),
            score__isnull=False)))
        .values(*keys).annotate(points=Sum("score"), maximum=Sum("criterion__max_points")).order_by()
    )
    own = (
        CriterionAnswer.objects.filter(self_assessment__enrolment__edition=edition, score__isnull=False)
        .filter(Exists(AuditScore.objects.filter(
            audit__enrolment=OuterRef("self_assessment__enrolment"), audit__status=Audit.Status.SIGNED,
            criterion=OuterRef("criterion"), score__isnull=False)))
        .values(*keys).annotate(points=Sum("score"), maximum=Sum("criterion__max_points")).order_by()
    )
    self_by_area = {tuple(row[k] for k in keys): row for row in own}
    rows = []
    for row in audit:
        key = tuple(row[k] for k in keys)
        mine = self_by_area.get(key, {})
        programme, number, title = key
        rows.append(AreaRow(programme, number, title, audit_points=row["points"], audit_max=row["maximum"],
                            self_points=mine.get("points") or 0, self_max=mine.get("maximum") or 0))
    return sorted(rows, key=lambda r: (r.programme, r.number))
