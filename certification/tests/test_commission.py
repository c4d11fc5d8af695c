"""The certification commission: proposals, approvals, the chair's closing, the list and the Komendant's grant."""

import datetime

import pytest
from django.utils import timezone

from audits.models import Audit, Stage
from audits.services.audits import AuditError, audit_reopen
from certification.commission import (
    commission_setup,
    proposal_approve,
    proposal_close,
    proposal_komendant_approve,
    proposal_list_render,
    proposal_open_next,
    recommendation_record,
    recommendation_withdraw,
)
from certification.models import Decision, FileStatus, Proposal
from certification.selectors import institution_timeline, issuable_decisions
from certification.services import CertificationError, certificate_batch_issue
from certification.waiting import waiting_flags_refresh
from institutions.tests.factories import AuditorFactory, InstitutionFactory, KwpStaffFactory

from . import factories
from .helpers import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(reference_data):
    return [KwpStaffFactory(first_name="Ewa", last_name="Chair"), AuditorFactory(), AuditorFactory()]


@pytest.fixture
def commission(members):
    return factories.commission(members=members, chair=members[0])


@pytest.fixture
def proposal(commission):
    return commission.proposals.get()


def propose(proposal, audit, by, outcome="certificate"):
    return recommendation_record(proposal=proposal, audit=audit, outcome=outcome, reason="Powyżej progu", by=by)


def test_setting_up_opens_the_first_proposal(commission, members):
    assert [p.number for p in commission.proposals.all()] == [1]
    assert commission.members.get(is_chair=True).user == members[0]
    assert commission.quorum == 2


def test_the_chair_must_be_a_member(members):
    with pytest.raises(CertificationError):
        commission_setup(edition=factories.edition(), members=members[1:], chair=members[0], by=members[0])


def test_coordinators_cannot_sit_on_the_commission(world, members):
    with pytest.raises(CertificationError):
        commission_setup(edition=factories.edition(), members=[members[0], world.coordinator_a], chair=members[0],
                         by=members[0])


def test_only_the_outcomes_the_rules_allow_can_be_proposed(proposal, members):
    failed = factories.signed_audit(points=20)
    with pytest.raises(CertificationError):
        propose(proposal, failed, members[1])
    assert propose(proposal, failed, members[1], outcome="refused")[0].outcome == "refused"


def test_non_members_cannot_propose(proposal):
    with pytest.raises(CertificationError):
        propose(proposal, factories.signed_audit(), KwpStaffFactory())


def test_an_audit_of_another_edition_cannot_be_proposed(proposal, members):
    with pytest.raises(CertificationError):
        propose(proposal, factories.signed_audit(year=2024), members[1])


def test_changing_a_proposal_clears_the_approvals(proposal, members):
    audit = factories.signed_audit()
    propose(proposal, audit, members[1])
    proposal_approve(proposal=proposal, by=members[1])
    _recommendation, cleared = propose(proposal, audit, members[2], outcome="refused")
    assert cleared == 1 and not proposal.approvals.exists()


def test_closing_needs_a_majority_of_approvals(proposal, members):
    propose(proposal, factories.signed_audit(), members[1])
    proposal_approve(proposal=proposal, by=members[1])
    with pytest.raises(CertificationError, match="2"):
        proposal_close(proposal=proposal, by=members[0])
    proposal_approve(proposal=proposal, by=members[2])
    assert proposal_close(proposal=proposal, by=members[0]).status == Proposal.Status.CLOSED


def test_only_the_chair_closes(proposal, members):
    propose(proposal, factories.signed_audit(), members[1])
    for member in members:
        proposal_approve(proposal=proposal, by=member)
    with pytest.raises(CertificationError):
        proposal_close(proposal=proposal, by=members[1])


def test_a_closed_proposal_cannot_change(commission, members):
    audit = factories.signed_audit()
    proposal = factories.closed_proposal(commission=commission, audits=[audit])
    with pytest.raises(CertificationError):
        propose(proposal, audit, members[1], outcome="refused")


def test_a_proposed_audit_cannot_be_reopened_until_withdrawn(proposal, members):
    audit = factories.signed_audit()
    propose(proposal, audit, members[1])
    with pytest.raises(AuditError):
        audit_reopen(audit=audit, reason="Błąd w punktacji", by=members[0])
    recommendation_withdraw(proposal=proposal, audit=audit, by=members[1])
    audit_reopen(audit=audit, reason="Błąd w punktacji", by=members[0])
    assert Audit.objects.get(pk=audit.pk).status != Audit.Status.SIGNED


def test_the_list_pdf_orders_by_county_and_name_and_leaves_room_to_sign(commission, tmp_path, reference_data):
    from institutions.tests.factories import county

    audits = [
        factories.signed_audit(institution=InstitutionFactory(name="SP Zakopane",
                                                              county=county("1217"))),
        factories.signed_audit(institution=InstitutionFactory(name="Technikum Bochnia", county=county("1201"))),
        factories.signed_audit(institution=InstitutionFactory(name="Liceum Bochnia", county=county("1201"))),
    ]
    proposal = factories.closed_proposal(commission=commission, audits=audits)
    assert proposal_list_render(proposal_id=proposal.pk)
    proposal.refresh_from_db()
    assert proposal.list_status == FileStatus.READY
    with proposal.list_pdf.open("rb") as pdf:
        text = " ".join(pdf_text(pdf.read(), tmp_path).split())
    assert "Wykaz" in text and "2025/2026" in text
    # County headings: bocheński before tatrzański; within a county, by name.
    assert text.index("Liceum Bochnia") < text.index("Technikum Bochnia") < text.index("SP Zakopane")
    assert "Powiat: bocheński" in text and "Przyznanie certyfikatu" in text and "Zatwierdzam" in text
    assert "podpis i pieczęć – Małopolski Komendant Wojewódzki Policji" in text


def closed_and_rendered(commission, audits):
    proposal = factories.closed_proposal(commission=commission, audits=audits)
    proposal_list_render(proposal_id=proposal.pk)
    proposal.refresh_from_db()
    return proposal


def test_no_decision_before_the_komendant_approves(commission, members):
    closed_and_rendered(commission, [factories.signed_audit()])
    assert not Decision.objects.exists()


def test_the_komendant_approval_creates_the_grants(commission, members):
    audits = [factories.signed_audit(), factories.signed_audit()]
    proposal = closed_and_rendered(commission, audits)
    today = timezone.localdate()
    decisions = proposal_komendant_approve(proposal=proposal, approved_on=today, reference="KWP-E-12/2026",
                                           by=members[0])
    assert {(d.audit, d.decided_on, d.reference) for d in decisions} == {(a, today, "KWP-E-12/2026") for a in audits}
    assert all(d.recommendation.audit == d.audit for d in Decision.objects.all())
    # The stored "what waits" flags followed the grants (certification/waiting.py): nothing to correct.
    assert waiting_flags_refresh() == (0, 0)
    assert set(issuable_decisions(user=members[0], edition=None)) == set(decisions)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.APPROVED
    batch = certificate_batch_issue(edition=commission.edition, decisions=Decision.objects.all(), by=members[0])
    assert batch.total == 2


def test_the_approval_is_recorded_by_kwp_staff_only(commission, members):
    proposal = closed_and_rendered(commission, [factories.signed_audit()])
    with pytest.raises(CertificationError):
        proposal_komendant_approve(proposal=proposal, approved_on=timezone.localdate(), reference="X", by=members[1])


def test_the_approval_cannot_be_dated_in_the_future(commission, members):
    proposal = closed_and_rendered(commission, [factories.signed_audit()])
    with pytest.raises(CertificationError):
        proposal_komendant_approve(proposal=proposal, approved_on=timezone.localdate() + datetime.timedelta(days=1),
                                   reference="X", by=members[0])
    assert not Decision.objects.exists()


def test_a_next_proposal_takes_late_audits(commission, members):
    closed_and_rendered(commission, [factories.signed_audit()])
    second = proposal_open_next(commission=commission, by=members[0])
    assert second.number == 2
    propose(second, factories.signed_audit(), members[1])


def test_the_history_shows_the_recommendation_and_the_grant(commission, members, world):
    school = InstitutionFactory(coordinators=[world.coordinator_a])
    proposal = closed_and_rendered(commission, [factories.signed_audit(institution=school, kind=Stage.CERTIFICATE)])
    proposal_komendant_approve(proposal=proposal, approved_on=timezone.localdate(), reference="KWP-E-1/2026",
                               by=members[0])
    titles = [entry.title for entry in institution_timeline(institution=school, user=world.coordinator_a)]
    assert "Rekomendacja zespołu certyfikującego: Przyznanie certyfikatu (etap I)" in titles
    assert "Przyznanie przez Komendanta: Przyznanie certyfikatu (etap I)" in titles
