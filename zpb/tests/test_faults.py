"""Fault tests with the real services: a Redis of our own that is stopped and started, a worker process that
is killed, PostgreSQL backends that are terminated. The site answers, nothing is lost or duplicated, and
pending work completes within a minute of recovery (docs/security.md, "Failure modes")."""

import datetime
import time

import pytest
from django.db import transaction
from django.db.models import Count
from django.urls import reverse

from certification.models import Certificate, CertificateBatch, CertificateEvent
from certification.services import certificate_batch_issue, certificate_pdf_resend
from certification.tests import factories
from institutions.tests.factories import KwpStaffFactory

from .faults import OwnRedis, WorkerProcess, celery_on, terminate_test_database_backends
from .helpers import wait_for

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True)]
READY = Certificate.PdfStatus.READY


@pytest.fixture
def redis():
    own = OwnRedis().start()
    yield own
    own.stop()


@pytest.fixture
def worker_on(redis, tmp_path):
    workers = []

    def start(**env):
        workers.append(WorkerProcess(redis.url, tmp_path / "worker.log", **env).start())
        return workers[-1]

    yield start
    for worker in workers:
        worker.stop()


def batch_of(count: int) -> CertificateBatch:
    decisions = [factories.decision(decided_on=datetime.date(2026, 9, 1) + datetime.timedelta(days=n))
                 for n in range(count)]
    with transaction.atomic():
        return certificate_batch_issue(edition=factories.edition(2025), decisions=decisions, by=KwpStaffFactory())


def all_rendered_once(batch: CertificateBatch) -> bool:
    certificates = Certificate.objects.filter(batch=batch)
    return certificates.count() == batch.total and not certificates.exclude(pdf_status=READY).exists()


def assert_nothing_lost_or_duplicated(batch: CertificateBatch) -> None:
    certificates = Certificate.objects.filter(batch=batch)
    assert certificates.values("number").distinct().count() == batch.total
    rendered = CertificateEvent.objects.filter(certificate__batch=batch, action=CertificateEvent.Action.RENDERED)
    assert set(rendered.values("certificate").annotate(n=Count("pk")).values_list("n", flat=True)) == {1}


def test_redis_stopped_during_a_request_burst(client, reference_data, redis, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis.url,
                                   "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
    url = reverse("join:institution-search") + "?q=Szko"
    statuses = []
    for n in range(60):
        if n == 20:
            redis.stop()
        if n == 40:
            redis.start()
        started = time.monotonic()
        statuses.append(client.get(url, REMOTE_ADDR=f"192.0.2.{n % 5}").status_code)
        assert time.monotonic() - started < 2
    assert set(statuses) == {200}
    # Back in Redis: the shared counters are used again.
    from django.core.cache import cache

    assert any(key.startswith(b":1:throttle:join-search") for key in cache._cache.get_client().keys("*"))


def test_broker_stopped_during_a_certificate_batch_then_the_pdfs_come_within_a_minute(redis, worker_on,
                                                                                      reference_data):
    worker_on()
    redis.stop()
    with celery_on(redis.url):
        started = time.monotonic()
        batch = batch_of(5)  # the publish after commit fails: the certificates stay pending, never queued
        assert time.monotonic() - started < 5
        assert not Certificate.objects.filter(batch=batch, pdf_queued_at__isnull=False).exists()

        redis.start()
        back = time.monotonic()

        def sweep_and_check() -> bool:  # beat's 30-second sweep, run here more often to measure the worker side
            certificate_pdf_resend()
            return all_rendered_once(batch)

        assert wait_for(sweep_and_check, timeout=60)
    assert time.monotonic() - back < 60
    assert_nothing_lost_or_duplicated(batch)


def test_a_worker_killed_mid_batch_loses_and_duplicates_nothing(redis, worker_on, reference_data, settings):
    # A short visibility timeout (the test's only change) so the killed worker's batch comes back in seconds.
    worker = worker_on(CELERY_VISIBILITY_TIMEOUT="8")
    with celery_on(redis.url):
        batch = batch_of(40)
        assert wait_for(lambda: CertificateBatch.objects.get(pk=batch.pk).done >= 2, timeout=60), worker.log()
        worker.kill()
    done_at_kill = CertificateBatch.objects.get(pk=batch.pk).done
    assert done_at_kill < batch.total, "the batch finished before the kill; make it larger"

    worker_on(CELERY_VISIBILITY_TIMEOUT="8")
    assert wait_for(lambda: all_rendered_once(batch), timeout=60), worker.log()
    assert_nothing_lost_or_duplicated(batch)
    batch.refresh_from_db()
    assert (batch.status, batch.done) == (CertificateBatch.Status.FINISHED, batch.total)


def test_postgres_connections_killed_the_site_answers_and_pending_work_completes(live_server, redis, worker_on,
                                                                                  reference_data):
    import urllib.request

    def get(path: str) -> int:
        with urllib.request.urlopen(live_server.url + path, timeout=10) as response:
            return response.status

    assert get(reverse("certification:register")) == 200
    worker_on()
    with celery_on(redis.url):
        batch = batch_of(20)
        assert wait_for(lambda: CertificateBatch.objects.get(pk=batch.pk).done >= 1, timeout=60)
        assert terminate_test_database_backends() >= 1  # the worker's, mid-batch, and the live server's
        assert get(reverse("certification:register")) == 200  # the next request connects afresh
        assert wait_for(lambda: all_rendered_once(batch), timeout=60)
    assert_nothing_lost_or_duplicated(batch)
