"""Queue a Celery task without ever making the request wait on the broker.

Callers keep the work on a row first (outbox e-mail, pending PDF); publishing only speeds it up.
A failed publish is logged and swallowed: the periodic sweep (beat, every 30 s) queues the row
again. After a failure, publishing is skipped for BACKOFF_SECONDS in this process, so a request
that queues several tasks pays for a dead or hanging broker at most once.
"""

import logging
import time
from datetime import timedelta

from celery import Task
from django.conf import settings

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
