"""The county view of a police unit: the institutions the unit serves, with this edition's enrolment,
self-assessment, live audit and current certificate, and what needs the unit next.

Rows start from the apps' scoped selectors (institutions, audits, certificates), so a prevention officer
sees only the unit's institutions; KWP staff may look at any unit's view.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from audits.models import Audit, AuditTeamMember, Edition, Enrolment, SelfAssessment, Stage
from audits.selectors.audits import audit_list_for_user
from certification.models import Certificate
from certification.rules import CERTIFICATE_KINDS
from certification.selectors import EXPIRING_DAYS, certificate_list_for_user
from institutions.models import Institution, PoliceUnit, User
from institutions.selectors import institution_list_for_user

# How many rows each "needs the unit next" list shows; the full picture is the paginated table.
NEXT_LIMIT = 10


def serving_units() -> QuerySet[PoliceUnit]:
    """The city and county units (KWP serves no county of its own)."""
    return PoliceUnit.objects.exclude(kind=PoliceUnit.Kind.KWP).order_by("short_name")


def unit_for_user(*, user: User, unit_pk: str | int | None = None) -> PoliceUnit | None:
    """An officer's own unit (whatever `unit_pk` says); for KWP staff the chosen unit, else the first.
    Anyone else: 403."""
    if user.served_unit_id:
        return PoliceUnit.objects.get(pk=user.served_unit_id)
    if not user.is_kwp:
        raise PermissionDenied
    units = serving_units()
    chosen = units.filter(pk=int(str(unit_pk))).first() if str(unit_pk or "").isdigit() else None
    return chosen or units.first()


def _unit_institutions(*, user: User, unit: PoliceUnit) -> QuerySet[Institution]:
    return institution_list_for_user(user=user).filter(police_unit=unit, is_active=True)


def unit_rows(*, user: User, unit: PoliceUnit, edition: Edition | None) -> QuerySet[Institution]:
    """The unit's active institutions, each annotated with the edition's enrolment (stage), self-assessment
    status, live audit and the current certificate: one query per page whatever the number of rows."""
    today = timezone.localdate()
    enrolment = Enrolment.objects.filter(institution=OuterRef("pk"), edition=edition)
    assessment = SelfAssessment.objects.filter(enrolment__institution=OuterRef("pk"), enrolment__edition=edition)
    audit = Audit.objects.filter(enrolment__institution=OuterRef("pk"), enrolment__edition=edition).exclude(
        status=Audit.Status.CANCELLED)
    certificate = (Certificate.objects.valid_on(today).filter(institution=OuterRef("pk"), kind__in=CERTIFICATE_KINDS)
                   .order_by("-valid_until"))
    return _unit_institutions(user=user, unit=unit).annotate(
        enrolment_stage=Subquery(enrolment.values("stage")[:1]),
        sa_pk=Subquery(assessment.values("pk")[:1]),
        sa_status=Subquery(assessment.values("status")[:1]),
        audit_pk=Subquery(audit.values("pk")[:1]),
        audit_date=Subquery(audit.values("date")[:1]),
        audit_status=Subquery(audit.values("status")[:1]),
        audit_passed=Subquery(audit.values("passed")[:1]),
        certificate_number=Subquery(certificate.values("number")[:1]),
        certificate_valid_until=Subquery(certificate.values("valid_until")[:1]),
    ).order_by("county__name", "name", "pk")


def with_labels(rows) -> list[Institution]:
    """Set the display labels of `unit_rows`' coded annotations on one page of rows."""
    rows = list(rows)
    for row in rows:
        row.stage_label = Stage(row.enrolment_stage).label if row.enrolment_stage else ""
        row.sa_label = SelfAssessment.Status(row.sa_status).label if row.sa_status else ""
        row.sa_readable = bool(row.sa_status) and row.sa_status != SelfAssessment.Status.DRAFT
        row.audit_label = Audit.Status(row.audit_status).label if row.audit_status else ""
    return rows


@dataclass
class UnitNumbers:
    institutions: int
    enrolled: int
    submitted: int
    accepted: int
    audits_planned: int
    audits_signed: int
    audits_passed: int
    certificates_valid: int
    certificates_expiring: int


def _expiring(today: datetime.date) -> Q:
    return Q(revoked_at__isnull=True, valid_from__lte=today, valid_until__gte=today,
             valid_until__lte=today + datetime.timedelta(days=EXPIRING_DAYS))


def unit_numbers(*, user: User, unit: PoliceUnit, edition: Edition | None) -> UnitNumbers:
    """The unit's numbers for the edition (certificates: valid today, whatever the edition). Five queries."""
    today = timezone.localdate()
    institutions = _unit_institutions(user=user, unit=unit)
    sa = SelfAssessment.objects.filter(enrolment__edition=edition, enrolment__institution__in=institutions).aggregate(
        submitted=Count("pk", filter=~Q(status=SelfAssessment.Status.DRAFT)),
        accepted=Count("pk", filter=Q(status=SelfAssessment.Status.ACCEPTED)),
    )
    audits = _unit_audits(user=user, unit=unit, edition=edition).aggregate(
        planned=Count("pk", filter=Q(status=Audit.Status.PLANNED)),
        signed=Count("pk", filter=Q(status=Audit.Status.SIGNED)),
        passed=Count("pk", filter=Q(status=Audit.Status.SIGNED, passed=True)),
    )
    certificates = _unit_certificates(user=user, unit=unit).filter(kind__in=CERTIFICATE_KINDS).aggregate(
        valid=Count("pk", filter=Q(revoked_at__isnull=True, valid_from__lte=today, valid_until__gte=today)),
        expiring=Count("pk", filter=_expiring(today)),
    )
    return UnitNumbers(
        institutions=institutions.count(),
        enrolled=Enrolment.objects.filter(edition=edition, institution__in=institutions).count(),
        submitted=sa["submitted"], accepted=sa["accepted"],
        audits_planned=audits["planned"], audits_signed=audits["signed"], audits_passed=audits["passed"],
        certificates_valid=certificates["valid"], certificates_expiring=certificates["expiring"],
    )


def _unit_audits(*, user: User, unit: PoliceUnit, edition: Edition | None) -> QuerySet[Audit]:
    return audit_list_for_user(user=user).filter(
        enrolment__edition=edition, enrolment__institution__police_unit=unit).exclude(status=Audit.Status.CANCELLED)


def _unit_certificates(*, user: User, unit: PoliceUnit) -> QuerySet[Certificate]:
    return certificate_list_for_user(user=user).filter(institution__police_unit=unit)


@dataclass
class UnitNext:
    to_plan: list[Enrolment]  # accepted self-assessment, no live audit yet
    to_plan_count: int
    unstaffed: list[Audit]  # planned audits without an officer of the unit on the team
    unstaffed_count: int
    expiring: list[Certificate]
    expiring_count: int


def unit_next(*, user: User, unit: PoliceUnit, edition: Edition | None) -> UnitNext:
    """What needs the unit next: audits to staff (ready for an audit but none planned; planned with no officer
    of the unit on the team) and certificates expiring within EXPIRING_DAYS. Six queries."""
    today = timezone.localdate()
    institutions = _unit_institutions(user=user, unit=unit)
    to_plan = (
        Enrolment.objects.filter(edition=edition, institution__in=institutions,
                                 self_assessment__status=SelfAssessment.Status.ACCEPTED)
        .exclude(audits__status__in=[Audit.Status.PLANNED, Audit.Status.SIGNED])
        .select_related("institution").order_by("institution__name")
    )
    unit_member = AuditTeamMember.objects.filter(audit=OuterRef("pk"), user__police_unit=unit)
    unstaffed = (_unit_audits(user=user, unit=unit, edition=edition).filter(status=Audit.Status.PLANNED)
                 .exclude(Exists(unit_member)).order_by("date", "pk"))
    expiring = (_unit_certificates(user=user, unit=unit).filter(_expiring(today), kind__in=CERTIFICATE_KINDS)
                .order_by("valid_until", "pk"))
    return UnitNext(
        to_plan=list(to_plan[:NEXT_LIMIT]), to_plan_count=to_plan.count(),
        unstaffed=list(unstaffed[:NEXT_LIMIT]), unstaffed_count=unstaffed.count(),
        expiring=list(expiring[:NEXT_LIMIT]), expiring_count=expiring.count(),
    )
