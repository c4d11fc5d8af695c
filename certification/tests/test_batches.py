import datetime
import io
import zipfile

import pytest
from django.urls import reverse

from certification.models import Certificate, CertificateBatch, CertificateEvent
from certification.services import (
    CertificationError,
    certificate_batch_fan_out,
    certificate_batch_issue,
    certificate_batch_render,
    certificate_batch_retry,
    certificate_render,
)
from zpb.tests.helpers import wait_for

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


def test_the_batch_task_fans_the_pending_pdfs_out_in_chunks(decisions, kwp, monkeypatch):
    batch = issue(decisions, kwp)
    first = batch.certificates.order_by("sequence").first()
    certificate_render(certificate_id=first.pk)  # already ready: not sent again
    sent = []
    monkeypatch.setattr("certification.services.publish", lambda task, *args: sent.append((task.name, args)) or True)
    assert certificate_batch_fan_out(batch_id=batch.pk, chunk_size=1) == 2
    rest = list(batch.certificates.exclude(pk=first.pk).order_by("sequence").values_list("pk", flat=True))
    assert sent == [("certification.tasks.certificate_batch_chunk_task", (batch.pk, [pk])) for pk in rest]
    assert not batch.certificates.filter(pdf_status="pending", pdf_queued_at__isnull=True).exists()


def test_chunks_render_only_their_pdfs_and_the_batch_counts_rows(decisions, kwp):
    batch = issue(decisions, kwp)
    ids = list(batch.certificates.order_by("sequence").values_list("pk", flat=True))
    batch = certificate_batch_render(batch=batch, certificate_ids=ids[:2])
    assert (batch.status, batch.done, batch.percent) == (Status.RUNNING, 2, 66)
    batch = certificate_batch_render(batch=batch, certificate_ids=ids)  # delivered twice: renders the rest only
    assert (batch.status, batch.done) == (Status.FINISHED, 3)
    assert CertificateEvent.objects.filter(certificate__batch=batch, action="rendered").count() == 3


def test_with_the_broker_down_midway_the_unsent_chunks_wait_for_the_sweep(decisions, kwp, monkeypatch):
    batch = issue(decisions, kwp)
    answers = iter([True, False])
    monkeypatch.setattr("certification.services.publish", lambda task, *args: next(answers))
    assert certificate_batch_fan_out(batch_id=batch.pk, chunk_size=1) == 1
    # The first chunk is in flight; the other two are pending and never queued, so the resend sweep takes them.
    queued = batch.certificates.order_by("sequence").values_list("pdf_queued_at", flat=True)
    assert [at is not None for at in queued] == [True, False, False]


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


# --- With a real worker on Redis ---------------------------------------------------------------------


def issue_committed(count: int, kwp) -> CertificateBatch:
    from django.db import transaction

    decisions = [factories.decision(decided_on=datetime.date(2026, 9, 1) + datetime.timedelta(days=n))
                 for n in range(count)]
    with transaction.atomic():
        return issue(decisions, kwp)  # the batch task is queued after commit


def rendered_once(batch: CertificateBatch) -> bool:
    events = CertificateEvent.objects.filter(certificate__batch=batch, action=CertificateEvent.Action.RENDERED)
    return (not batch.certificates.exclude(pdf_status=Certificate.PdfStatus.READY).exists()
            and events.count() == batch.certificates.count())


@pytest.mark.celery
def test_a_real_worker_renders_a_fanned_out_batch_each_pdf_once(celery_worker, reference_data, kwp, settings):
    settings.CERTIFICATE_BATCH_CHUNK = 2
    batch = issue_committed(5, kwp)
    assert wait_for(lambda: rendered_once(batch))
    # The chunk recounts its batch in its own transaction just after its last PDF's: wait for that too.
    assert wait_for(lambda: CertificateBatch.objects.get(pk=batch.pk).status == Status.FINISHED)
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.total) == (Status.FINISHED, 5, 5)


@pytest.mark.celery
def test_a_chunk_lost_with_its_worker_is_rendered_by_the_sweep(celery_worker, reference_data, kwp, settings,
                                                               monkeypatch):
    from django.utils import timezone

    from certification.services import certificate_pdf_resend
    from core.lib import dispatch

    settings.CERTIFICATE_BATCH_CHUNK = 2
    chunks: list[list[int]] = []
    real_publish = dispatch.publish

    def publish(task, *args):  # the second chunk is taken by a worker that dies before acknowledging it
        if task.name.endswith("certificate_batch_chunk_task"):
            chunks.append(args[1])
            if len(chunks) == 2:
                return True
        return real_publish(task, *args)

    monkeypatch.setattr("certification.services.publish", publish)
    batch = issue_committed(6, kwp)
    assert wait_for(lambda: CertificateBatch.objects.get(pk=batch.pk).done == 4)
    lost = chunks[1:2]  # the fan-out ran in the worker (a thread of this process)
    assert lost and set(batch.certificates.filter(pdf_status="pending").values_list("pk", flat=True)) == set(lost[0])
    # Past the visibility timeout, beat's resend queues the PDFs no task carries any more.
    batch.certificates.filter(pk__in=lost[0]).update(pdf_queued_at=timezone.now() - datetime.timedelta(hours=1))
    assert certificate_pdf_resend(older_than=datetime.timedelta(0)) == 2
    assert wait_for(lambda: rendered_once(batch))
    assert CertificateBatch.objects.get(pk=batch.pk).status == Status.FINISHED
