import pytest

from certification.models import Certificate, CertificateEvent
from certification.services import CertificationError, certificate_rerender, certificate_revoke

from . import factories

pytestmark = pytest.mark.django_db


def test_revoking_records_who_when_and_why(kwp):
    certificate = factories.certificate()
    certificate_revoke(certificate=certificate, by=kwp, reason="Nieprawdziwe dane w samoocenie")
    certificate.refresh_from_db()
    event = certificate.events.get(action=CertificateEvent.Action.REVOKED)
    assert (certificate.revoked_by, certificate.revocation_reason, event.by) == (
        kwp,
        "Nieprawdziwe dane w samoocenie",
        kwp,
    )
    assert certificate.revoked_at is not None


def test_a_certificate_is_revoked_once(kwp):
    certificate = factories.certificate()
    certificate_revoke(certificate=certificate, by=kwp, reason="Powód")
    with pytest.raises(CertificationError):
        certificate_revoke(certificate=certificate, by=kwp, reason="Drugi powód")


def test_a_revoked_certificate_is_revoked_even_while_its_dates_run(kwp):
    certificate = factories.certificate()
    certificate_revoke(certificate=certificate, by=kwp, reason="Powód")
    certificate.refresh_from_db()
    assert certificate.status_on(certificate.valid_from) == Certificate.Status.REVOKED


def test_a_revoked_certificate_is_not_rendered_again(kwp):
    certificate = factories.certificate()
    certificate_revoke(certificate=certificate, by=kwp, reason="Powód")
    certificate.refresh_from_db()
    with pytest.raises(CertificationError):
        certificate_rerender(certificate=certificate, by=kwp)


def test_revoked_certificates_no_longer_count_as_history_for_an_extension(kwp):
    from audits.models import Stage
    from certification.services import decision_outcomes_for

    earlier = factories.certificate(year=2022)
    certificate_revoke(certificate=earlier, by=kwp, reason="Powód")
    audit = factories.signed_audit(institution=earlier.institution, kind=Stage.EXTENSION)
    assert decision_outcomes_for(audit) == ["certificate", "refused"]
