"""Signed audits, decisions and certificates for the certification tests."""

import datetime
from decimal import Decimal

from django.utils import timezone

from audits.models import Audit, Edition, Stage
from audits.tests.factories import AuditFactory, EditionFactory, EnrolmentFactory
from certification.commission import commission_setup, proposal_approve, proposal_close, recommendation_record
from certification.models import Certificate, Commission, Decision, Proposal
from certification.services import certificate_issue, decision_record
from institutions.models import Institution, User
from institutions.tests.factories import InstitutionFactory, KwpStaffFactory


def edition(year: int = 2025) -> Edition:
    """The edition starting in `year` (one per year), made on first use."""
    return Edition.objects.filter(start_year=year).first() or EditionFactory(start_year=year)


def signed_audit(
    *, institution: Institution | None = None, year: int = 2025, kind: str = Stage.CERTIFICATE,
    points: int = 33, max_points: int = 35, passed: bool | None = None, lider: bool = False,
) -> Audit:
    """A signed audit with its result frozen, as audits leaves it at signing."""
    enrolment = EnrolmentFactory(edition=edition(year), institution=institution or InstitutionFactory(), stage=kind)
    passed = points * 100 >= max_points * 80 if passed is None else passed
    return AuditFactory(
        enrolment=enrolment, kind=kind, status=Audit.Status.SIGNED, total_points=points, max_points=max_points,
        percent=(Decimal(points) * 100 / max_points).quantize(Decimal("0.01")), passed=passed,
        lider_conditions_met=lider, signed_at=timezone.now(), team=[],
    )


def decision(
    *, audit: Audit | None = None, outcome: str | None = None, decided_on: datetime.date | None = None,
    by: User | None = None, **audit_kwargs,
) -> Decision:
    audit = audit or signed_audit(**audit_kwargs)
    return decision_record(
        audit=audit, outcome=outcome or audit.kind, decided_on=decided_on or audit.date + datetime.timedelta(days=90),
        reference=f"KWP-{audit.pk}/{audit.date.year}", by=by or KwpStaffFactory(),
    )


def certificate(*, by: User | None = None, **kwargs) -> Certificate:
    """An issued certificate (its PDF still pending): signed audit → decision → certificate."""
    granting = decision(by=by, **kwargs)
    return certificate_issue(decision=granting, by=by, dispatch=False)


def stage_two(institution: Institution) -> list[Certificate]:
    """Stage I (2019/2020 edition) then its extension (2021/2022): 2 + 5 years, the extension valid until 2027."""
    first = certificate(institution=institution, year=2019)
    extension_audit = signed_audit(institution=institution, year=2021, kind=Stage.EXTENSION)
    return [first, certificate_issue(decision=decision(audit=extension_audit, outcome=Stage.EXTENSION), by=None,
                                     dispatch=False)]


def commission(*, year: int = 2025, members: list[User] | None = None, chair: User | None = None,
               by: User | None = None) -> Commission:
    """The edition's commission (KWP staff as its members unless given), with its first proposal open."""
    members = members or [KwpStaffFactory()]
    return commission_setup(edition=edition(year), members=members, chair=chair or members[0],
                            by=by or KwpStaffFactory())


def closed_proposal(*, commission: Commission, audits: list[Audit], outcome: str | None = None) -> Proposal:
    """Every member proposes `outcome` (default: the audit's stage) and approves; the chair closes."""
    proposal = commission.proposals.get(status=Proposal.Status.OPEN)
    members = [m.user for m in commission.members.select_related("user")]
    for audit in audits:
        recommendation_record(proposal=proposal, audit=audit, outcome=outcome or audit.kind,
                              reason="Wynik audytu powyżej progu.", by=members[0])
    for member in members:
        proposal_approve(proposal=proposal, by=member)
    chair = commission.members.get(is_chair=True).user
    return proposal_close(proposal=proposal, by=chair)
