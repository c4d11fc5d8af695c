"""Who reaches the commission's pages: its members, KWP staff (read and the Komendant's approval), nobody else."""

import pytest
from django.urls import reverse

from certification.commission import proposal_list_render
from institutions.tests.factories import AuditorFactory, KwpStaffFactory

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    """World's auditor chairs the commission with a second auditor; world's KWP staff member is not on it."""
    other = AuditorFactory()
    commission = factories.commission(members=[world.auditor, other], chair=world.auditor)
    audit = factories.signed_audit()
    proposal = commission.proposals.get()
    return commission, proposal, audit


def status(client, user, name, args, method="get"):
    client.force_login(user)
    return getattr(client, method)(reverse(f"certification:{name}", args=args)).status_code


def test_a_member_auditor_sees_and_proposes(client, world, setup):
    commission, proposal, audit = setup
    assert status(client, world.auditor, "commission-detail", [commission.pk]) == 200
    assert status(client, world.auditor, "recommendation-edit", [commission.pk, audit.pk]) == 200
    assert status(client, world.auditor, "proposal-approve", [proposal.pk], "post") == 302


def test_an_auditor_off_the_commission_gets_404(client, setup):
    commission, proposal, audit = setup
    stranger = AuditorFactory()
    assert status(client, stranger, "commission-detail", [commission.pk]) == 404
    assert status(client, stranger, "recommendation-edit", [commission.pk, audit.pk]) == 404
    assert status(client, stranger, "proposal-detail", [proposal.pk]) == 404
    assert status(client, stranger, "proposal-approve", [proposal.pk], "post") == 404


def test_kwp_staff_off_the_commission_read_but_cannot_propose_or_approve(client, world, setup):
    commission, proposal, audit = setup
    assert status(client, world.kwp, "commission-detail", [commission.pk]) == 200
    assert status(client, world.kwp, "recommendation-edit", [commission.pk, audit.pk]) == 403
    assert status(client, world.kwp, "proposal-approve", [proposal.pk], "post") == 403
    assert status(client, world.kwp, "proposal-close", [proposal.pk], "post") == 403


def test_the_member_downloads_the_list_pdf_and_a_stranger_cannot(client, world, setup):
    commission, _proposal, audit = setup
    proposal = factories.closed_proposal(commission=commission, audits=[audit])
    proposal_list_render(proposal_id=proposal.pk)
    client.force_login(world.auditor)
    response = client.get(reverse("certification:proposal-list-pdf", args=[proposal.pk]))
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert status(client, AuditorFactory(), "proposal-list-pdf", [proposal.pk]) == 404
    assert status(client, world.coordinator_a, "proposal-list-pdf", [proposal.pk]) == 403


def test_a_member_auditor_cannot_record_the_komendants_approval(client, world, setup):
    commission, _proposal, audit = setup
    proposal = factories.closed_proposal(commission=commission, audits=[audit])
    assert status(client, world.auditor, "proposal-komendant", [proposal.pk]) == 403


def test_the_commission_menu_entry_shows_only_to_auditors_on_a_commission(client, world, setup):
    client.force_login(world.auditor)
    assert "Zespół certyfikujący" in client.get(reverse("dashboard")).content.decode()
    client.force_login(AuditorFactory())
    assert reverse("certification:commission-list") not in client.get(reverse("dashboard")).content.decode()


@pytest.mark.parametrize("rows", [1, 10])
def test_the_commission_page_needs_the_same_queries_for_1_and_10_audits(
    client, world, django_assert_num_queries, rows
):
    kwp = KwpStaffFactory()
    commission = factories.commission(members=[kwp])
    proposal = commission.proposals.get()
    for _ in range(rows):
        factories.recommendation_record(proposal=proposal, audit=factories.signed_audit(), outcome="certificate",
                                        reason="R", by=kwp)
    client.force_login(kwp)
    # session, user, commission (+count), membership, counties for the filter, audits count, audits page (+joins),
    # proposals, approvals, recommendations count, members (+users)
    with django_assert_num_queries(11):
        assert client.get(reverse("certification:commission-detail", args=[commission.pk])).status_code == 200
