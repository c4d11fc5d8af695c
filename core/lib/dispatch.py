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


# --- Rows whose PDF a worker renders (certificates, audit protocols): `pdf_requested_at`, `pdf_queued_at` ---


def publish_pdf_renders(task: Task, pending: QuerySet, ids: Iterable[int]) -> int:
    """Queue `task(pk)` for each id, marking the row queued; returns how many were queued. On the first
    failure the rest of `pending` (the model's rows still to render) are marked never queued, for the sweep."""
    ids = list(ids)
    queued = 0
    for pk in ids:
        pending.filter(pk=pk).update(pdf_queued_at=timezone.now())
        if not publish(task, pk):
            pending.filter(pk__in=ids[queued:]).update(pdf_queued_at=None)
            break
        queued += 1
    return queued


def lost_pdf_renders(pending: QuerySet, *, older_than: timedelta) -> list[int]:
    """The pending rows no task carries: never queued (broker down) or in flight longer than any task may
    run (a killed worker). Rows younger than `older_than` are left to their own dispatch after commit."""
    now = timezone.now()
    return list(pending.filter(Q(pdf_queued_at__isnull=True) | Q(pdf_queued_at__lt=now - in_flight()),
                               pdf_requested_at__lt=now - older_than).values_list("pk", flat=True))
