"""Signing by the lead (result frozen), reopening by KWP staff."""

import datetime
from decimal import Decimal

import pytest

from audits import certification_hooks as hooks
from audits.certification_hooks import CertificateRecord
from audits.models import Audit, AuditEvent, Stage
from audits.services.audits import AuditError, audit_reopen, audit_sign
from audits.tests.factories_audits import planned_audit, score_all
from core.models import OutgoingEmail
from institutions.tests.factories import AuditorFactory, InstitutionFactory, KwpStaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(reference_data):
    return AuditorFactory()


@pytest.fixture
def member(reference_data):
    return AuditorFactory()


@pytest.fixture
def audit(lead, member):
    return planned_audit(team=[lead, member])


@pytest.fixture
def certificates(monkeypatch):
    """Let the test say which certificates the institution holds (whatever certification registered)."""
    held: list[CertificateRecord] = []
    monkeypatch.setattr(hooks, "_history", lambda institution_id: held)
    return held


def test_the_lead_signs_and_the_result_is_frozen(audit, lead):
    # The test rulebook: 1.1 (10), 1.2 (5), 2.1 (10), 2.2 (10) = 35 points.
    score_all(audit, {"1.1": 7})
    audit_sign(audit=audit, by=lead, summary="Dobra współpraca z partnerami.", recommendations="Więcej warsztatów.")
    audit.refresh_from_db()
    assert (audit.status, audit.total_points, audit.max_points, audit.percent, audit.passed) == (
        Audit.Status.SIGNED, 32, 35, Decimal("91.43"), True)
    assert (audit.signed_by, audit.summary, audit.recommendations) == (
        lead, "Dobra współpraca z partnerami.", "Więcej warsztatów.")


def test_exactly_the_threshold_passes(audit, lead):
    score_all(audit, {"1.1": 3})  # 28 of 35 = 80 %
    assert audit_sign(audit=audit, by=lead).passed is True


def test_one_point_below_the_threshold_does_not_pass(audit, lead):
    score_all(audit, {"1.1": 2})  # 27 of 35
    assert audit_sign(audit=audit, by=lead).passed is False


def test_only_the_lead_signs(audit, member):
    score_all(audit)
    with pytest.raises(AuditError, match="Tylko kierownik zespołu"):
        audit_sign(audit=audit, by=member)
    assert Audit.objects.get().status == Audit.Status.PLANNED


def test_signing_with_unscored_criteria_is_refused_naming_them(audit, lead):
    score_all(audit)
    audit.scores.filter(criterion__code__in=["1.2", "2.2"]).update(score=None)
    with pytest.raises(AuditError, match="1.2, 2.2"):
        audit_sign(audit=audit, by=lead)
    audit.refresh_from_db()
    assert (audit.status, audit.total_points) == (Audit.Status.PLANNED, None)


def test_signing_is_recorded(audit, lead):
    score_all(audit)
    audit_sign(audit=audit, by=lead)
    event = audit.events.get(action=AuditEvent.Action.SIGNED)
    assert (event.by, event.old_value, event.new_value, event.note) == (lead, "planned", "signed", "35/35 (100.00%)")


def test_signing_emails_the_coordinators(lead):
    coordinator = UserFactory(email="koordynator@szkola.edu.pl")
    audit = planned_audit(team=[lead], institution=InstitutionFactory(coordinators=[coordinator]))
    score_all(audit, {"2.2": 6})
    audit_sign(audit=audit, by=lead)
    email = OutgoingEmail.objects.get()
    assert (email.template, email.to, email.context["total"], email.context["passed"]) == (
        "audit_signed", ["koordynator@szkola.edu.pl"], 31, True)


def test_a_signed_audit_cannot_be_signed_again(audit, lead):
    score_all(audit)
    audit_sign(audit=audit, by=lead)
    with pytest.raises(AuditError):
        audit_sign(audit=audit, by=lead)


def test_lider_conditions_are_frozen_for_a_lider_audit(lead, certificates):
    institution = InstitutionFactory(joined_on=datetime.date(2000, 9, 1))
    audit = planned_audit(team=[lead], institution=institution, stage=Stage.LIDER)
    extension_granted = audit.date - datetime.timedelta(days=400)
    certificates.append(CertificateRecord(Stage.CERTIFICATE, extension_granted - datetime.timedelta(days=731),
                                          extension_granted - datetime.timedelta(days=1), False))
    certificates.append(CertificateRecord(Stage.EXTENSION, extension_granted,
                                          extension_granted + datetime.timedelta(days=5 * 365 + 1), False))
    score_all(audit)
    assert audit_sign(audit=audit, by=lead).lider_conditions_met is True


def test_lider_conditions_fail_without_a_valid_certificate(lead, certificates):
    audit = planned_audit(team=[lead], institution=InstitutionFactory(joined_on=datetime.date(2000, 9, 1)),
                          stage=Stage.LIDER)
    score_all(audit)
    assert audit_sign(audit=audit, by=lead).lider_conditions_met is False


def test_kwp_staff_reopen_with_a_reason_and_the_result_is_cleared(audit, lead):
    kwp = KwpStaffFactory()
    score_all(audit)
    audit_sign(audit=audit, by=lead)
    audit_reopen(audit=audit, reason="Błędnie policzone kryterium 2.1.", by=kwp)
    audit.refresh_from_db()
    assert (audit.status, audit.total_points, audit.percent, audit.passed, audit.signed_at, audit.signed_by) == (
        Audit.Status.PLANNED, None, None, None, None, None)
    event = audit.events.get(action=AuditEvent.Action.REOPENED)
    assert (event.by, event.old_value, event.new_value) == (kwp, "signed", "planned")
    assert "Błędnie policzone kryterium 2.1." in event.note


def test_reopening_keeps_the_scores(audit, lead):
    score_all(audit)
    audit_sign(audit=audit, by=lead)
    audit_reopen(audit=audit, reason="Korekta.", by=KwpStaffFactory())
    assert audit.scores.filter(score__isnull=False).count() == 4


def test_reopening_needs_a_reason(audit, lead):
    score_all(audit)
    audit_sign(audit=audit, by=lead)
    with pytest.raises(AuditError, match="Podaj powód"):
        audit_reopen(audit=audit, reason="", by=KwpStaffFactory())
    assert Audit.objects.get().status == Audit.Status.SIGNED


def test_auditors_cannot_reopen(audit, lead):
    score_all(audit)
    audit_sign(audit=audit, by=lead)
    with pytest.raises(AuditError):
        audit_reopen(audit=audit, reason="Pomyłka.", by=lead)
    assert Audit.objects.get().status == Audit.Status.SIGNED


def test_a_planned_audit_cannot_be_reopened(audit):
    with pytest.raises(AuditError):
        audit_reopen(audit=audit, reason="Pomyłka.", by=KwpStaffFactory())
