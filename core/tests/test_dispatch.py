"""The shared shape of queued work (core/lib/dispatch.py): a pending row's task is published once after
commit and marked queued; the sweep finds the rows no task carries and queues them again. Real rows
(export jobs, which keep `queued_at`) and a real broker, down (a closed port) or up (a worker)."""

import datetime

import pytest
from django.utils import timezone

from certification.tests.helpers import broker_unreachable
from core.lib.dispatch import in_flight, lost_pending, publish_pending, requeue_lost
from reports.models import ExportJob
from zpb.tests.helpers import wait_for

Status = ExportJob.Status


def _jobs(user, n: int) -> list[ExportJob]:
    return [ExportJob.objects.create(created_by=user, kind=ExportJob.Kind.INSTITUTIONS, parameters={})
            for _ in range(n)]


def _pending():
    return ExportJob.objects.filter(status=Status.QUEUED)


@pytest.mark.django_db
def test_the_sweep_finds_only_the_rows_no_task_carries(kwp):
    now, long_ago = timezone.now(), timezone.now() - in_flight() - datetime.timedelta(seconds=5)
    never, in_flight_now, lost, young, done = _jobs(kwp, 5)
    ExportJob.objects.filter(pk__in=[never.pk, in_flight_now.pk, lost.pk, done.pk]).update(created_at=long_ago)
    ExportJob.objects.filter(pk=in_flight_now.pk).update(queued_at=now)
    ExportJob.objects.filter(pk=lost.pk).update(queued_at=long_ago)
    ExportJob.objects.filter(pk=done.pk).update(status=Status.DONE)
    found = lost_pending(_pending(), since_field="created_at", queued_field="queued_at",
                         older_than=datetime.timedelta(seconds=10))
    assert sorted(found) == sorted([never.pk, lost.pk])  # the young one is left to its own dispatch


@pytest.mark.celery
def test_with_the_broker_down_nothing_is_queued_and_the_sweep_queues_it_once_it_is_back(celery_worker, kwp,
                                                                                       monkeypatch):
    from reports.tasks import export_job_build_task

    jobs = _jobs(kwp, 3)
    ids = [job.pk for job in jobs]
    with broker_unreachable(monkeypatch):
        assert publish_pending(export_job_build_task, _pending(), ids, queued_field="queued_at") == 0
    assert set(ExportJob.objects.filter(pk__in=ids).values_list("queued_at", flat=True)) == {None}
    assert requeue_lost(export_job_build_task, _pending(), since_field="created_at", queued_field="queued_at",
                        older_than=datetime.timedelta(0)) == 3
    assert wait_for(lambda: ExportJob.objects.filter(pk__in=ids, status=Status.DONE).count() == 3)
    # Done rows are no longer pending: the next sweep queues nothing.
    assert requeue_lost(export_job_build_task, _pending(), since_field="created_at", queued_field="queued_at",
                        older_than=datetime.timedelta(0)) == 0
