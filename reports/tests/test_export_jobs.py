"""Exports as jobs: the request only records the job; the worker builds the file into storage with progress;
the owner downloads it until it expires; a broker that is down or a killed worker loses nothing."""

import datetime
import io

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from certification.tests.helpers import broker_unreachable
from institutions.tests.factories import InstitutionFactory
from reports.models import ExportJob
from reports.services.export_jobs import export_job_build, export_jobs_purge, export_jobs_resend
from zpb.tests.helpers import wait_for

from .exporting import order

Status = ExportJob.Status


@pytest.fixture
def url():
    return reverse("reports:export-institutions")


def sheet_names(response) -> list[str]:
    rows = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    return [row[0] for row in list(rows)[1:]]


@pytest.mark.django_db
def test_the_list_button_orders_a_job_that_the_request_does_not_build(client, kwp, url):
    job = order(client, kwp, url, format="csv", q="Bochni", page="2")
    assert (job.kind, job.format, job.parameters) == ("institutions", "csv", {"q": ["Bochni"]})
    assert not job.file and job.done == 0


@pytest.mark.django_db
def test_get_only_shows_the_button_that_orders(client, kwp, url):
    client.force_login(kwp)
    html = client.get(url, {"q": "Bochni", "format": "csv"}).content.decode()
    assert 'method="post" action="?q=Bochni&amp;format=csv"' in html and not ExportJob.objects.exists()


@pytest.mark.django_db
def test_the_built_file_is_in_storage_with_progress_done_and_an_expiry(client, kwp, url, settings):
    job = order(client, kwp, url)
    before = timezone.now()
    job = export_job_build(job_id=job.pk)
    assert job.status == Status.DONE and job.percent == 100
    assert job.done == job.total == 2  # the world's two institutions
    assert default_storage.exists(job.file.name) and job.filename == "placowki.xlsx"
    assert before + datetime.timedelta(hours=settings.EXPORT_KEEP_HOURS) <= job.expires_at


@pytest.mark.django_db
def test_a_second_delivery_of_the_task_builds_nothing(client, kwp, url):
    job = order(client, kwp, url)
    export_job_build(job_id=job.pk)
    assert export_job_build(job_id=job.pk) is None
    assert ExportJob.objects.get(pk=job.pk).attempts == 1


@pytest.mark.django_db
def test_the_worker_applies_the_owners_scope(client, world, url):
    job = order(client, world.coordinator_a, url, format="xlsx")
    response = client.get(reverse("reports:export-job-download", args=[export_job_build(job_id=job.pk).pk]))
    assert sheet_names(response) == [world.institution_a.name]


@pytest.mark.django_db
def test_another_user_gets_404_for_the_job_and_its_file(client, world, url):
    job = export_job_build(job_id=order(client, world.kwp, url).pk)
    client.force_login(world.coordinator_a)
    for name in ("export-job", "export-job-status", "export-job-download"):
        assert client.get(reverse(f"reports:{name}", args=[job.pk])).status_code == 404


@pytest.mark.django_db
def test_the_progress_page_polls_until_the_file_is_ready(client, kwp, url):
    job = order(client, kwp, url)
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 1s"' in page and '<noscript><meta http-equiv="refresh"' in page
    assert client.get(reverse("reports:export-job-status", args=[job.pk])).json()["ready"] is False
    export_job_build(job_id=job.pk)
    partial = client.get(reverse("reports:export-job-status", args=[job.pk]), HTTP_HX_REQUEST="true")
    html = partial.content.decode()
    assert "hx-trigger" not in html and "Pobierz placowki.xlsx" in html and 'aria-valuenow="100"' in html


@pytest.mark.django_db
def test_a_file_not_ready_yet_is_not_downloaded(client, kwp, url):
    job = order(client, kwp, url)
    response = client.get(reverse("reports:export-job-download", args=[job.pk]))
    assert response.status_code == 302 and response.url == job.get_absolute_url()


@pytest.mark.django_db
def test_an_expired_file_says_so_in_polish_and_housekeeping_deletes_it(client, kwp, url):
    job = export_job_build(job_id=order(client, kwp, url).pk)
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.get(reverse("reports:export-job-download", args=[job.pk]))
    assert response.status_code == 410
    assert "Plik tego eksportu wygasł" in response.content.decode()
    assert export_jobs_purge() == 1
    assert not default_storage.exists(job.file.name) and not ExportJob.objects.get(pk=job.pk).file


@pytest.mark.django_db
def test_housekeeping_keeps_files_not_yet_expired(client, kwp, url):
    job = export_job_build(job_id=order(client, kwp, url).pk)
    assert export_jobs_purge() == 0 and default_storage.exists(job.file.name)


@pytest.mark.django_db
def test_a_job_left_running_by_a_killed_worker_is_queued_again_and_built(client, kwp, url, monkeypatch):
    job = order(client, kwp, url)
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    ExportJob.objects.filter(pk=job.pk).update(status=Status.RUNNING, started_at=long_ago, created_at=long_ago,
                                               queued_at=long_ago, attempts=1)
    sent = []
    monkeypatch.setattr("core.lib.dispatch.publish", lambda task, job_id: sent.append(job_id) or True)
    assert export_jobs_resend() == 1 and sent == [job.pk]
    assert export_job_build(job_id=job.pk).status == Status.DONE


@pytest.mark.django_db
def test_a_job_that_keeps_killing_its_worker_ends_failed(client, kwp, url):
    job = order(client, kwp, url)
    ExportJob.objects.filter(pk=job.pk).update(attempts=3)
    assert export_job_build(job_id=job.pk) is None
    assert ExportJob.objects.get(pk=job.pk).status == Status.FAILED


@pytest.mark.django_db
def test_my_exports_lists_only_my_jobs_and_is_in_the_menu(client, world, url):
    mine = order(client, world.kwp, url)
    order(client, world.coordinator_a, url)
    client.force_login(world.kwp)
    response = client.get(reverse("reports:export-job-list"))
    assert [job.pk for job in response.context["page"]] == [mine.pk]
    assert f'href="{reverse("reports:export-job-list")}">Moje eksporty' in response.content.decode()


@pytest.mark.django_db
def test_my_exports_list_is_flat_in_queries(client, kwp, url):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("reports:export-job-list")).status_code == 200
        return len(queries)

    for _n in range(3):
        order(client, kwp, url)
    small = count()
    for _n in range(20):
        order(client, kwp, url)
    assert count() == small


# --- With a real worker on Redis ---------------------------------------------------------------------


@pytest.mark.celery
def test_a_real_worker_builds_the_ordered_export(celery_worker, client, world, url):
    InstitutionFactory(name="Szkoła z eksportu")
    job = order(client, world.kwp, url, queued=False)  # committed: queued after commit, the worker takes it
    assert wait_for(lambda: ExportJob.objects.get(pk=job.pk).status == Status.DONE)
    response = client.get(reverse("reports:export-job-download", args=[job.pk]))
    assert "Szkoła z eksportu" in sheet_names(response)


@pytest.mark.celery
def test_with_the_broker_down_the_job_waits_and_beat_queues_it_again(celery_worker, client, world, url,
                                                                       monkeypatch):
    with broker_unreachable(monkeypatch):
        job = order(client, world.kwp, url)
    job.refresh_from_db()
    assert (job.status, job.queued_at) == (Status.QUEUED, None)
    assert export_jobs_resend(older_than=datetime.timedelta(0)) == 1
    assert wait_for(lambda: ExportJob.objects.get(pk=job.pk).status == Status.DONE)


@pytest.mark.django_db
def test_a_failing_build_is_marked_failed_on_the_page(client, kwp, url, monkeypatch):
    from reports.tasks import export_job_build_task

    job = order(client, kwp, url)
    monkeypatch.setattr("reports.exports.write_xlsx", lambda export, target: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        export_job_build_task.apply(args=[job.pk], throw=True)
    job.refresh_from_db()
    assert job.status == Status.FAILED and "ZeroDivisionError" in job.error
    assert "Nie udało się przygotować pliku" in client.get(job.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_progress_is_written_on_the_row_while_the_file_is_written(client, kwp, url, monkeypatch):
    InstitutionFactory.create_batch(3)
    job = order(client, kwp, url, format="csv")
    monkeypatch.setattr("reports.services.export_jobs.PROGRESS_EVERY", 2)
    seen = []

    def write_csv(export, target):  # reads the row as the progress page would, after every line
        for _row in export.rows:
            seen.append(ExportJob.objects.values_list("done", "total").get(pk=job.pk))

    monkeypatch.setattr("reports.exports.write_csv", write_csv)
    export_job_build(job_id=job.pk)
    assert seen == [(0, 5), (0, 5), (2, 5), (2, 5), (4, 5)]
