import datetime
import io
import zipfile

import pytest
from django.urls import reverse

from certification.models import Certificate, CertificateBatch
from certification.services import (
    CertificationError,
    certificate_batch_issue,
    certificate_batch_render,
    certificate_batch_retry,
)

from . import factories

pytestmark = pytest.mark.django_db
Status = CertificateBatch.Status


@pytest.fixture
def decisions(reference_data):
    # decided on different days, created in the opposite order
    return [factories.decision(decided_on=datetime.date(2026, 9, 30 - n)) for n in range(3)]


def issue(decisions, kwp):
    return certificate_batch_issue(edition=factories.edition(2025), decisions=decisions, by=kwp)


def test_a_batch_issues_one_certificate_per_decision_in_decision_date_order(decisions, kwp):
    batch = issue(decisions, kwp)
    numbers = list(batch.certificates.order_by("granted_on").values_list("sequence", flat=True))
    assert (batch.total, numbers) == (3, [1, 2, 3])


def test_a_batch_takes_only_decisions_of_its_edition(decisions, kwp):
    other = factories.decision(year=2024)
    with pytest.raises(CertificationError):
        issue([*decisions, other], kwp)
    assert not Certificate.objects.exists()


def test_rendering_a_batch_reports_progress_and_finishes(decisions, kwp):
    batch = issue(decisions, kwp)
    seen = []
    batch = certificate_batch_render(batch=batch, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert (batch.status, batch.done, batch.failed, batch.percent) == (Status.FINISHED, 3, 0, 100)


def test_a_slice_renders_until_its_time_is_up_and_queues_the_rest(decisions, kwp, monkeypatch):
    queued = []
    monkeypatch.setattr("certification.services.certificate_batch_dispatch", lambda batch_id: queued.append(batch_id))
    batch = certificate_batch_render(batch=issue(decisions, kwp), slice_seconds=1e-9)
    # One PDF per slice at least (it always advances); the rest wait for the next slice, queued again.
    assert (batch.status, batch.done, queued) == (Status.RUNNING, 1, [batch.pk])
    batch = certificate_batch_render(batch=batch)
    assert (batch.status, batch.done) == (Status.FINISHED, 3)


def test_a_failed_pdf_is_counted_and_the_batch_goes_on(decisions, kwp, monkeypatch):
    batch = issue(decisions, kwp)
    broken = batch.certificates.order_by("sequence").first()
    real_render = __import__("certification.pdf", fromlist=["CertificateRenderer"]).CertificateRenderer.render

    def render(self, certificate):
        if certificate.pk == broken.pk:
            raise ValueError("broken template")
        return real_render(self, certificate)

    monkeypatch.setattr("certification.pdf.CertificateRenderer.render", render)
    batch = certificate_batch_render(batch=batch)
    assert (batch.status, batch.done, batch.failed) == (Status.FINISHED, 2, 1)


def test_retrying_sends_the_failed_pdfs_back_to_the_queue(decisions, kwp):
    batch = issue(decisions, kwp)
    batch.certificates.update(pdf_status=Certificate.PdfStatus.FAILED)
    CertificateBatch.objects.filter(pk=batch.pk).update(status=Status.FINISHED, failed=3)
    certificate_batch_retry(batch=batch, by=kwp)
    batch.refresh_from_db()
    assert (batch.status, batch.failed) == (Status.RUNNING, 0)
    assert batch.certificates.filter(pdf_status=Certificate.PdfStatus.PENDING).count() == 3


def test_the_zip_holds_every_pdf(client, decisions, kwp):
    batch = certificate_batch_render(batch=issue(decisions, kwp))
    client.force_login(kwp)
    response = client.get(reverse("certification:batch-zip", args=[batch.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == [f"certyfikat-SPB-2026-000{n}.pdf" for n in (1, 2, 3)]
    assert all(archive.read(name).startswith(b"%PDF") for name in archive.namelist())


def test_the_status_endpoint_answers_json(client, decisions, kwp):
    batch = issue(decisions, kwp)
    client.force_login(kwp)
    data = client.get(reverse("certification:batch-status", args=[batch.pk])).json()
    assert (data["status"], data["total"], data["done"], data["percent"], data["ready"]) == ("running", 3, 0, 0, False)


def test_htmx_polls_get_the_progress_bar(client, decisions, kwp):
    batch = certificate_batch_render(batch=issue(decisions, kwp))
    client.force_login(kwp)
    response = client.get(reverse("certification:batch-status", args=[batch.pk]), HTTP_HX_REQUEST="true")
    assert 'aria-valuenow="100"' in response.content.decode() and response["HX-Refresh"] == "true"


def test_the_progress_page_refreshes_itself_without_javascript(client, decisions, kwp):
    batch = issue(decisions, kwp)
    client.force_login(kwp)
    page = client.get(batch.get_absolute_url()).content.decode()
    assert '<noscript><meta http-equiv="refresh"' in page and "hx-trigger=\"every 1s\"" in page


def test_kwp_issues_the_selected_decisions_from_the_page(client, decisions, kwp):
    client.force_login(kwp)
    url = reverse("certification:batch-create") + f"?edition={factories.edition(2025).pk}"
    response = client.post(url, {"decisions": [d.pk for d in decisions[:2]]})
    batch = CertificateBatch.objects.get()
    assert response.url == batch.get_absolute_url() and batch.total == 2
