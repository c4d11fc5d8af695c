"""The stored "what waits" flags (certification/waiting.py) equal the live definition after every change:
an audit signed, reopened or cancelled; a decision granting or refusing; a certificate issued or revoked; a
certificate or decision deleted (admin)."""

import datetime

import pytest

from audits.models import Audit
from audits.services.audits import audit_cancel, audit_reopen
from audits.tests.factories_audits import planned_audit, signed_audit
from certification.models import Decision
from certification.selectors import audits_awaiting_decision, certification_counts, issuable_decisions
from certification.services import certificate_issue, certificate_revoke, decision_record
from certification.waiting import waiting_flags_refresh

pytestmark = pytest.mark.django_db


def record(audit: Audit, outcome: str, kwp) -> Decision:
    return decision_record(audit=audit, outcome=outcome, decided_on=audit.date + datetime.timedelta(days=30),
                           reference="KWP-7/2026", by=kwp)


@pytest.fixture
def before(kwp) -> tuple[set[int], set[int]]:
    """What the shared test world already leaves waiting."""
    return waiting(kwp)


def waiting(kwp, before: tuple[set[int], set[int]] = (set(), set())) -> tuple[set[int], set[int]]:
    """The signed audits without a decision and the granting decisions without a certificate (beyond `before`),
    as the selectors (and the start page's numbers) see them; checked against the rows themselves on the way."""
    audits = {a.pk for a in audits_awaiting_decision(user=kwp, edition=None)}
    decisions = {d.pk for d in issuable_decisions(user=kwp, edition=None)}
    assert audits == set(Audit.objects.filter(status=Audit.Status.SIGNED, decision__isnull=True)
                         .values_list("pk", flat=True))
    assert decisions == set(Decision.objects.exclude(outcome=Decision.Outcome.REFUSED)
                            .filter(certificate__isnull=True).values_list("pk", flat=True))
    counts = certification_counts(user=kwp)
    assert (counts["awaiting"], counts["issuable"]) == (len(audits), len(decisions))
    # Recomputing every flag from the rows changes nothing: each stored flag already equals the live definition.
    assert waiting_flags_refresh() == (0, 0)
    return audits - before[0], decisions - before[1]


def test_signing_reopening_and_cancelling_an_audit(reference_data, kwp, before):
    audit = signed_audit()
    assert waiting(kwp, before) == ({audit.pk}, set())
    audit_reopen(audit=audit, reason="Brak podpisu drugiego audytora.", by=kwp)
    assert waiting(kwp, before) == (set(), set())
    other = planned_audit()
    audit_cancel(audit=other, reason="Placówka zrezygnowała.", by=kwp)
    assert waiting(kwp, before) == (set(), set())


def test_granting_issuing_and_revoking(reference_data, kwp, before):
    audit = signed_audit()
    decision = record(audit, "certificate", kwp)
    assert waiting(kwp, before) == (set(), {decision.pk})
    certificate = certificate_issue(decision=decision, by=kwp, dispatch=False)
    assert waiting(kwp, before) == (set(), set())
    certificate_revoke(certificate=certificate, by=kwp, reason="Placówka zaprzestała realizacji programu.")
    assert waiting(kwp, before) == (set(), set())  # a revoked certificate was still issued: nothing waits


def test_a_refusal_leaves_nothing_to_issue(reference_data, kwp, before):
    audit = signed_audit(points={"2.2": 0, "2.1": 0, "1.1": 0})
    record(audit, "refused", kwp)
    assert waiting(kwp, before) == (set(), set())


def test_deleting_a_certificate_or_decision_puts_them_back(reference_data, kwp, before):
    audit = signed_audit()
    decision = record(audit, "certificate", kwp)
    certificate = certificate_issue(decision=decision, by=kwp, dispatch=False)
    certificate.delete()
    assert waiting(kwp, before) == (set(), {decision.pk})
    Decision.objects.filter(pk=decision.pk).delete()
    assert waiting(kwp, before) == ({audit.pk}, set())
