import datetime

import pytest

from audits.models import Audit, RulebookVersion, Stage
from audits.services.audits import AuditError, audit_reopen
from certification.services import CertificationError, decision_outcomes_for, decision_record

from . import factories

pytestmark = pytest.mark.django_db


def record(audit, outcome, kwp, day=None):
    return decision_record(audit=audit, outcome=outcome, decided_on=day or audit.date + datetime.timedelta(days=30),
                           reference="KWP-1/2026", by=kwp)


def test_a_decision_is_recorded_for_a_signed_audit(kwp):
    audit = factories.signed_audit()
    decision = record(audit, "certificate", kwp)
    assert (decision.audit, decision.outcome, decision.recorded_by) == (audit, "certificate", kwp)


def test_a_planned_audit_gets_no_decision(kwp):
    audit = factories.signed_audit()
    Audit.objects.filter(pk=audit.pk).update(status=Audit.Status.PLANNED)
    with pytest.raises(CertificationError):
        record(audit, "certificate", kwp)


def test_only_one_decision_per_audit(kwp):
    audit = factories.signed_audit()
    record(audit, "refused", kwp)
    with pytest.raises(CertificationError):
        record(audit, "certificate", kwp)


def test_a_failed_audit_cannot_be_granted(kwp):
    audit = factories.signed_audit(points=20)
    with pytest.raises(CertificationError):
        record(audit, "certificate", kwp)


def test_a_decision_cannot_predate_the_audit(kwp):
    audit = factories.signed_audit()
    with pytest.raises(CertificationError):
        record(audit, "certificate", kwp, day=audit.date - datetime.timedelta(days=1))


def test_an_extension_is_offered_after_an_earlier_certificate(world, school):
    factories.certificate(institution=school, year=2024)
    audit = factories.signed_audit(institution=school, kind=Stage.EXTENSION)
    assert decision_outcomes_for(audit) == ["extension", "refused"]


def test_lider_is_offered_to_a_holder_of_a_valid_extension(world, school):
    earlier = factories.decision(institution=school, year=2023)
    extension_audit = factories.signed_audit(institution=school, year=2024, kind=Stage.EXTENSION)
    from certification.services import certificate_issue

    certificate_issue(decision=earlier, by=None, dispatch=False)
    certificate_issue(decision=factories.decision(audit=extension_audit, outcome="extension"), by=None, dispatch=False)
    lider_audit = factories.signed_audit(institution=school, kind=Stage.LIDER, lider=True)
    RulebookVersion.objects.update(lider_min_years=6)  # the extension came a year after stage I: 1 + 5 years
    assert decision_outcomes_for(Audit.objects.get(pk=lider_audit.pk)) == ["lider", "refused"]


def test_the_history_hook_tells_audits_about_certificates(world, school):
    from audits.certification_hooks import certificate_history

    certificate = factories.certificate(institution=school)
    [record_] = certificate_history(school.pk)
    assert (record_.kind, record_.valid_until, record_.revoked) == ("certificate", certificate.valid_until, False)


def test_an_audit_with_a_decision_cannot_be_reopened(kwp):
    audit = factories.signed_audit()
    record(audit, "refused", kwp)
    with pytest.raises(AuditError, match="decyzj"):
        audit_reopen(audit=audit, reason="Błąd w punktacji", by=kwp)
    audit.refresh_from_db()
    assert audit.status == Audit.Status.SIGNED
