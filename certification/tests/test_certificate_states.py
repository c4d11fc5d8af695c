"""Revoked and not-yet-valid certificates, and decisions on audits that are no longer signed."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from audits.models import Audit
from certification.models import Certificate
from certification.selectors import institution_timeline
from certification.services import CertificationError, certificate_issue, certificate_revoke

from . import factories

pytestmark = pytest.mark.django_db


def ready(certificate: Certificate) -> Certificate:
    certificate.pdf.save("test.pdf", ContentFile(b"%PDF-1.4"), save=False)
    Certificate.objects.filter(pk=certificate.pk).update(
        pdf=certificate.pdf.name, pdf_status=Certificate.PdfStatus.READY
    )
    certificate.refresh_from_db()
    return certificate


def test_coordinators_cannot_download_a_revoked_certificate_but_kwp_can(client, world, school, kwp):
    certificate = ready(factories.certificate(institution=school))
    certificate_revoke(certificate=certificate, by=kwp, reason="Dane niezgodne z prawdą")
    url = reverse("certification:certificate-pdf", args=[certificate.pk])

    client.force_login(world.coordinator_a)
    assert client.get(url).status_code == 404
    client.force_login(kwp)
    assert client.get(url).status_code == 200


def test_a_missing_pdf_file_gives_404_not_500(client, world, school, kwp):
    certificate = ready(factories.certificate(institution=school))
    certificate.pdf.storage.delete(certificate.pdf.name)
    client.force_login(kwp)
    assert client.get(reverse("certification:certificate-pdf", args=[certificate.pk])).status_code == 404


def test_a_title_that_starts_later_is_not_yet_valid(client, reference_data):
    certificate = factories.certificate()
    Certificate.objects.filter(pk=certificate.pk).update(valid_from=datetime.date.today() + datetime.timedelta(days=30))
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.NOT_YET_VALID
    page = client.get(reverse("certification:verify-code", args=[certificate.verification_code])).content.decode()
    assert "Certyfikat jest autentyczny i obowiązuje od" in page
    assert "Certyfikat jest ważny" not in page


def test_no_certificate_on_a_decision_whose_audit_was_reopened(kwp):
    granting = factories.decision()
    Audit.objects.filter(pk=granting.audit_id).update(status=Audit.Status.PLANNED)
    with pytest.raises(CertificationError):
        certificate_issue(decision=granting, by=kwp, dispatch=False)
    assert not Certificate.objects.filter(decision=granting).exists()


def test_the_revocation_reason_stays_internal(world, school, kwp):
    certificate = factories.certificate(institution=school)
    certificate_revoke(certificate=certificate, by=kwp, reason="Poufny powód cofnięcia")
    shown_to_coordinator = institution_timeline(institution=school, user=world.coordinator_a)
    shown_to_kwp = institution_timeline(institution=school, user=kwp)
    assert all("Poufny" not in entry.detail for entry in shown_to_coordinator)
    assert any("Poufny" in entry.detail for entry in shown_to_kwp)
