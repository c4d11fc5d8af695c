"""Reads of the certification app: what each user may see, and the public register."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from audits.models import Audit, AuditProtocol, Edition, Enrolment, SelfAssessment
from institutions.models import County, Institution, User, in_programme_q
from institutions.selectors import served_by_unit_q

from .models import (
    Certificate,
    CertificateBatch,
    CertificateEvent,
    CertificateQuerySet,
    Commission,
    CommissionMember,
    CommissionRecommendation,
    Decision,
    Proposal,
    normalize_code,
)
from .rules import CERTIFICATE_KINDS
from .timeline import TimelineEntry, build_timeline

# --- Certificates --------------------------------------------------------------------------

# A valid certificate whose validity ends within this many days is "expiring" (list filter, dashboards).
EXPIRING_DAYS = 90
EXPIRING = "expiring"


def certificate_list_for_user(*, user: User) -> QuerySet[Certificate]:
    qs = Certificate.objects.select_related("institution")
    if user.is_kwp:
        return qs
    if user.is_coordinator:
        return qs.filter(institution__coordinators=user)
    if user.served_unit_id:
        return qs.filter(served_by_unit_q(user, path="institution__"))
    return qs.none()


def get_certificate_for_user(*, user: User, pk: int, write: bool = False) -> Certificate:
    """404 for certificates the user may not see; 403 when `write` and the user is not KWP staff."""
    certificate = get_object_or_404(
        certificate_list_for_user(user=user).select_related(
            "decision__recommendation__proposal", "audit", "revoked_by", "issued_by"
        ), pk=pk
    )
    if write and not user.is_kwp:
        raise PermissionDenied
    return certificate


def current_certificates(*, today: datetime.date | None = None) -> QuerySet[Certificate]:
    """Certificates and extensions valid on `today`, the longest-running first: an institution's first one is
    its current certificate (coordinator's dashboard, institutions export)."""
    today = today or timezone.localdate()
    return Certificate.objects.valid_on(today).filter(kind__in=CERTIFICATE_KINDS).order_by("-valid_until")


def certificate_search(
    qs: QuerySet[Certificate], *, edition: Edition | None = None, programme: str = "", kind: str = "",
    status: str = "", q: str = "", today: datetime.date | None = None,
) -> QuerySet[Certificate]:
    today = today or timezone.localdate()
    if edition:
        qs = qs.filter(audit__enrolment__edition=edition)
    if programme:
        qs = qs.filter(programme=programme)
    if kind:
        qs = qs.filter(kind=kind)
    if status == Certificate.Status.REVOKED:
        qs = qs.filter(revoked_at__isnull=False)
    elif status == Certificate.Status.EXPIRED:
        qs = qs.filter(revoked_at__isnull=True, valid_until__lt=today)
    elif status == Certificate.Status.VALID:
        qs = cast(CertificateQuerySet, qs).valid_on(today)
    elif status == Certificate.Status.NOT_YET_VALID:
        qs = qs.filter(revoked_at__isnull=True, valid_from__gt=today)
    elif status == EXPIRING:
        soon = today + datetime.timedelta(days=EXPIRING_DAYS)
        qs = cast(CertificateQuerySet, qs).valid_on(today).filter(valid_until__lte=soon)
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(holder_name__icontains=q) | Q(holder_town__icontains=q))
    return qs


def certificate_events(certificate: Certificate) -> QuerySet:
    return certificate.events.select_related("by")


# --- Decisions (KWP staff) ----------------------------------------------------------------------


def _kwp_only(user: User) -> None:
    if not user.is_kwp:
        raise PermissionDenied


def audits_awaiting_decision(*, user: User, edition: Edition | None) -> QuerySet[Audit]:
    """Signed audits without a decision, by the flag waiting.py keeps (test_waiting_flags: it equals "no decision"
    after every change): the few rows of the partial index audit_awaiting_decision whatever the history, where
    `decision__isnull=True` joined every signed audit to every decision. decision_record still refuses a second
    decision on its own."""
    _kwp_only(user)
    qs = Audit.objects.filter(status=Audit.Status.SIGNED, decision_recorded=False).select_related(
        "enrolment__institution", "enrolment__edition"
    )
    return qs.filter(edition=edition) if edition else qs


def get_audit_for_decision(*, user: User, pk: int) -> Audit:
    return get_object_or_404(audits_awaiting_decision(user=user, edition=None), pk=pk)


def decision_list_for_user(*, user: User, edition: Edition | None, refused_only: bool = False) -> QuerySet[Decision]:
    _kwp_only(user)
    qs = Decision.objects.select_related("audit__enrolment__institution", "recorded_by", "certificate")
    if refused_only:
        qs = qs.filter(outcome=Decision.Outcome.REFUSED)
    return qs.filter(edition=edition) if edition else qs


def get_decision_for_user(*, user: User, pk: int) -> Decision:
    return get_object_or_404(decision_list_for_user(user=user, edition=None), pk=pk)


def issuable_decisions(*, user: User, edition: Edition | None) -> QuerySet[Decision]:
    """Granting decisions whose certificate has not been issued yet, by the flag waiting.py keeps (partial index
    decision_awaiting_certificate), as audits_awaiting_decision; certificate_issue still refuses a second one."""
    return (
        decision_list_for_user(user=user, edition=edition)
        .exclude(outcome=Decision.Outcome.REFUSED)
        .filter(certificate_issued=False)
        .order_by("audit__enrolment__institution__name")
    )


def edition_choices() -> QuerySet[Edition]:
    return Edition.objects.order_by("-start_year")


def default_edition() -> Edition | None:
    """The latest edition whose audits have been signed, else the latest one."""
    signed = Edition.objects.filter(enrolments__audits__status=Audit.Status.SIGNED).order_by("-start_year").first()
    return signed or Edition.objects.order_by("-start_year").first()


# --- Batches ------------------------------------------------------------------------------------


def batch_list_for_user(*, user: User) -> QuerySet[CertificateBatch]:
    _kwp_only(user)
    return CertificateBatch.objects.select_related("edition", "created_by")


def get_batch_for_user(*, user: User, pk: int) -> CertificateBatch:
    return get_object_or_404(batch_list_for_user(user=user), pk=pk)


# --- Public -----------------------------------------------------------------------------------


def certificate_by_code(code: str) -> Certificate | None:
    code = normalize_code(code)
    if not code:
        return None
    return Certificate.objects.select_related("institution").filter(verification_code=code).first()


def certificate_by_pdf_sha256(digest: str) -> Certificate | None:
    """The certificate whose PDF has this SHA-256: its current file, or one rendered before a re-render."""
    if not digest:
        return None
    current = Certificate.objects.select_related("institution").filter(pdf_sha256=digest).first()
    if current is not None:
        return current
    event = (CertificateEvent.objects.select_related("certificate__institution")
             .filter(action=CertificateEvent.Action.RENDERED, pdf_sha256=digest).first())
    return event.certificate if event else None


def protocol_exists_with_pdf_sha256(digest: str) -> bool:
    """Whether an audit protocol's PDF has this SHA-256 (protocols are not public: only the fact is told)."""
    return bool(digest) and AuditProtocol.objects.filter(pdf_sha256=digest).exists()


def register_list(
    *, county=None, programme: str = "", type: str = "", today: datetime.date | None = None
) -> QuerySet[Certificate]:
    """Certificates and extensions valid today, one row each, for the public register."""
    today = today or timezone.localdate()
    qs = (
        Certificate.objects.valid_on(today).filter(kind__in=CERTIFICATE_KINDS, institution__is_active=True)
        .select_related("institution__county")
        .order_by("institution__county__name", "institution__name", "-valid_until")
    )
    return _register_filter(qs, county=county, programme=programme, type=type)


def lider_titles(*, county=None, programme: str = "", type: str = "") -> QuerySet[Certificate]:
    qs = (
        Certificate.objects.filter(kind="lider", revoked_at__isnull=True)
        .select_related("institution__county").order_by("-valid_from", "holder_name")
    )
    return _register_filter(qs, county=county, programme=programme, type=type)


def _register_filter(qs: QuerySet[Certificate], *, county, programme: str, type: str) -> QuerySet[Certificate]:
    if county:
        qs = qs.filter(institution__county=county)
    if programme:
        qs = qs.filter(programme=programme)
    if type:
        qs = qs.filter(institution__type=type)
    return qs


def badge_certificate(institution: Institution, *, today: datetime.date | None = None) -> Certificate | None:
    """What the institution's badge shows: its current certificate (stage I or II, the longest-running one),
    else its latest one (expired, revoked or not yet valid); None when it never had one or is no longer active
    (the register leaves inactive institutions out too). Lider titles are a title, not the certificate."""
    if not institution.is_active:
        return None
    today = today or timezone.localdate()
    mine = Certificate.objects.filter(institution=institution, kind__in=CERTIFICATE_KINDS)
    current = mine.valid_on(today).order_by("-valid_until", "-granted_on").first()
    return current or mine.order_by("-valid_until", "-granted_on", "-pk").first()


@dataclass(frozen=True)
class CountyCount:
    """A county and the number of its institutions holding a valid certificate today."""

    pk: int
    teryt: str
    name: str
    is_city: bool
    count: int


def certified_per_county(*, today: datetime.date | None = None) -> list[CountyCount]:
    """Every county (zeros included) with its institutions that appear in the register today: active, with a valid
    certificate or extension (an institution with both counts once). The county map and the table beside it (the
    public register, KWP's dashboard) both read this list. Two queries: the grouped count and the counties."""
    counts = dict(
        register_list(today=today).order_by().values_list("institution__county")
        .annotate(n=Count("institution", distinct=True))
    )
    return [
        CountyCount(pk, teryt, name, is_city, counts.get(pk, 0))
        for pk, teryt, name, is_city in County.objects.order_by("name").values_list("pk", "teryt", "name", "is_city")
    ]


OPEN_DATA_VALUES = (
    "number", "holder_name", "holder_town", "institution__county__name", "institution__county__teryt", "programme",
    "kind", "granted_on", "valid_from", "valid_until", "revoked_at", "verification_code",
)


def open_data_rows(*, chunk_size: int = 500) -> Iterator[dict[str, Any]]:
    """Every certificate, extension and Lider title ever issued, oldest first, as plain values read in chunks
    (the open data downloads stream them). Public fields only: what the certificate and the register show."""
    return (
        Certificate.objects.order_by("granted_on", "number").values(*OPEN_DATA_VALUES).iterator(chunk_size=chunk_size)
    )


# --- The institution's timeline --------------------------------------------------------------


TIMELINE_RECENT = 10  # the latest entries on the institution page; the whole timeline has its own page


def timeline_visible(*, institution: Institution, user: User) -> bool:
    """KWP staff and the institution's coordinators; not the police units that may see the institution's data."""
    return user.is_kwp or institution.coordinators.filter(pk=user.pk).exists()


def institution_timeline(*, institution: Institution, user: User) -> list[TimelineEntry]:
    """What happened to the institution in the programme, oldest first (empty for those who may not see it).

    Coordinators do not see internal notes such as a decision's justification.
    """
    if not timeline_visible(institution=institution, user=user):
        return []
    enrolments = Enrolment.objects.filter(institution=institution).select_related("edition")
    assessments = SelfAssessment.objects.filter(enrolment__institution=institution).select_related("enrolment__edition")
    audits = Audit.objects.filter(enrolment__institution=institution).select_related("enrolment__edition")
    decisions = Decision.objects.filter(audit__enrolment__institution=institution).select_related(
        "audit__enrolment__edition"
    )
    certificates = Certificate.objects.filter(institution=institution)
    # Coordinators see the recommendation once the Komendant approved the list; KWP once it was closed.
    shown = [Proposal.Status.CLOSED, Proposal.Status.APPROVED] if user.is_kwp else [Proposal.Status.APPROVED]
    recommendations = CommissionRecommendation.objects.filter(
        audit__enrolment__institution=institution, proposal__status__in=shown
    ).select_related("proposal")
    return build_timeline(
        institution=institution, enrolments=enrolments, assessments=assessments, audits=audits,
        decisions=decisions, certificates=certificates, internal=user.is_kwp, recommendations=recommendations,
    )


def certification_counts(*, user: User) -> dict[str, int]:
    """KWP's certification card on the start page: decisions and certificates waiting, valid ones, PDFs."""
    today = timezone.localdate()
    # Only the rows a number can count (two index ranges: pending or failed PDFs, validity not over), not a scan
    # of every certificate ever issued.
    counts = Certificate.objects.filter(
        Q(pdf_status__in=[Certificate.PdfStatus.PENDING, Certificate.PdfStatus.FAILED]) | Q(valid_until__gte=today)
    ).aggregate(
        pending=Count("pk", filter=Q(pdf_status=Certificate.PdfStatus.PENDING)),
        failed=Count("pk", filter=Q(pdf_status=Certificate.PdfStatus.FAILED)),
        # Expiring certificates are a number of the reports dashboard above this card.
        valid=Count("pk", filter=Q(revoked_at__isnull=True, valid_from__lte=today, valid_until__gte=today)),
    )
    awaiting = audits_awaiting_decision(user=user, edition=None).count()
    issuable = issuable_decisions(user=user, edition=None).count()
    return {**counts, "awaiting": awaiting, "issuable": issuable}


# --- The certification commission ------------------------------------------------------------------


def commission_list_for_user(*, user: User) -> QuerySet[Commission]:
    """KWP staff see every commission (they set them up); police auditors the ones they sit on."""
    qs = Commission.objects.select_related("edition").annotate(member_count=Count("members"))
    if user.is_kwp:
        return qs
    if user.is_auditor:
        return qs.filter(members__user=user)
    return qs.none()


def get_commission_for_user(*, user: User, pk: int, member: bool = False) -> Commission:
    """404 for commissions the user may not see; 403 when `member` and the user does not sit on it."""
    commission = get_object_or_404(commission_list_for_user(user=user), pk=pk)
    if member and not commission.members.filter(user=user).exists():
        raise PermissionDenied
    return commission


def get_proposal_for_user(*, user: User, pk: int, member: bool = False) -> Proposal:
    proposal = get_object_or_404(
        Proposal.objects.select_related("commission__edition", "closed_by", "approval_recorded_by"), pk=pk
    )
    get_commission_for_user(user=user, pk=proposal.commission_id, member=member)
    return proposal


def commission_audits(
    *, commission: Commission, county: County | None = None, programme: str = ""
) -> QuerySet[Audit]:
    """The edition's signed audits with their result, proposal and decision, by county and name."""
    qs = (
        Audit.objects.filter(enrolment__edition_id=commission.edition_id, status=Audit.Status.SIGNED)
        .select_related("enrolment__institution__county", "commission_recommendation__proposal", "decision")
        .order_by("enrolment__institution__county__name", "enrolment__institution__name", "pk")
    )
    if county:
        qs = qs.filter(enrolment__institution__county=county)
    if programme:
        qs = qs.filter(in_programme_q(programme, path="enrolment__institution__"))
    return qs


def commission_for_edition(edition: Edition | None) -> Commission | None:
    return Commission.objects.filter(edition=edition).first() if edition else None


def get_audit_for_commission(*, commission: Commission, pk: int) -> Audit:
    return get_object_or_404(commission_audits(commission=commission), pk=pk)


def commission_membership(*, commission: Commission, user: User) -> CommissionMember | None:
    return commission.members.filter(user=user).first()
