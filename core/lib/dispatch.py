"""Queue a Celery task without ever making the request wait on the broker.

Callers keep the work on a row first (outbox e-mail, pending PDF); publishing only speeds it up.
A failed publish is logged and swallowed: the periodic sweep (beat, every 30 s) queues the row
again. After a failure, publishing is skipped for BACKOFF_SECONDS in this process, so a request
that queues several tasks pays for a dead or hanging broker at most once.
"""

import logging
import time
from collections.abc import Iterable
from datetime import timedelta

from celery import Task
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

logger = logging.getLogger(__name__)
BACKOFF_SECONDS = 10.0
_skip_until = 0.0


def publish(task: Task, *args) -> bool:
    """Queue `task(*args)`; True when the broker took it, False when it is down (the row stays pending)."""
    global _skip_until
    if time.monotonic() < _skip_until:
        logger.info("Broker was unreachable moments ago; %s%r left for the sweep", task.name, args)
        return False
    try:
        task.apply_async(args=args)
    except Exception:
        if not task.app.conf.task_always_eager:  # an inline task's own error says nothing about a broker
            _skip_until = time.monotonic() + BACKOFF_SECONDS
        logger.warning("Could not queue %s%r; the periodic sweep will queue it again", task.name, args, exc_info=True)
        return False
    return True


def reset() -> None:
    """Forget a recent failure (tests; a broker known to be back)."""
    global _skip_until
    _skip_until = 0.0


def in_flight() -> timedelta:
    """How long a queued task may take before its row counts as lost: the broker's visibility timeout,
    after which Redis gives a killed worker's task back too (it exceeds every task's hard time limit)."""
    return timedelta(seconds=settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"])


# --- Pending rows: dispatched once after commit, found again by the sweep when no task carries them -------
# A row's own task is published after commit (`publish_pending`), which records when (`queued_field`) and clears
# it again when the broker refused; beat re-queues what `lost_pending` finds (`requeue_lost`): rows never queued,
# or queued longer ago than any task may run. Tasks are idempotent: a duplicate delivery finds the row done or
# taken. Every kind of pending row (certificate and protocol PDFs, export jobs, ceremony files, the commission's
# lists) keeps such a field.

# Rows younger than this are left to their own dispatch after commit (the sweep runs every 30 s).
SWEEP_GRACE = timedelta(seconds=10)


def publish_pending(task: Task, pending: QuerySet, ids: Iterable[int], *, queued_field: str) -> int:
    """Queue `task(pk)` for each id, marking the row queued; returns how many were queued. On the first
    failure the rest of `pending` (the model's rows still to do) are marked never queued, for the sweep."""
    ids = list(ids)
    queued = 0
    for pk in ids:
        pending.filter(pk=pk).update(**{queued_field: timezone.now()})
        if not publish(task, pk):
            pending.filter(pk__in=ids[queued:]).update(**{queued_field: None})
            break
        queued += 1
    return queued


def lost_pending(pending: QuerySet, *, since_field: str, queued_field: str,
                 older_than: timedelta = SWEEP_GRACE) -> list[int]:
    """The pending rows no task carries: never queued (broker down) or in flight longer than any task may
    run (a killed worker). Rows whose `since_field` is younger than `older_than` are left to their own
    dispatch after commit."""
    now = timezone.now()
    lost = Q(**{f"{queued_field}__isnull": True}) | Q(**{f"{queued_field}__lt": now - in_flight()})
    return list(pending.filter(lost, **{f"{since_field}__lt": now - older_than}).values_list("pk", flat=True))


def requeue_lost(task: Task, pending: QuerySet, *, since_field: str, queued_field: str,
                 older_than: timedelta = SWEEP_GRACE) -> int:
    """The sweep (beat): queue again the pending rows no task carries; returns how many were queued."""
    ids = lost_pending(pending, since_field=since_field, older_than=older_than, queued_field=queued_field)
    return publish_pending(task, pending, ids, queued_field=queued_field)
