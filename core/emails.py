"""Templated e-mail through an outbox table and Celery.

Each e-mail is three templates: `emails/<name>-subject.txt`, `-body.txt` and `-body.html`.
Callers pass only JSON-serialisable context (ids, strings, dates as text).
"""

import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutgoingEmail
from .privacy import privacy_notice

logger = logging.getLogger(__name__)
# A failed send waits 5, 10, 20 … minutes (at most 6 hours) before the flush tries again;
# after 3 days the e-mail is marked failed and shows up in the admin.
FIRST_RETRY = timedelta(minutes=5)
LONGEST_RETRY = timedelta(hours=6)
GIVE_UP_AFTER = timedelta(days=3)

# Context computed when the e-mail is rendered, per template, so secrets such as a password
# token are never stored in the outbox (see register_context_builder).
_context_builders: dict[str, Callable[[dict], dict]] = {}


def register_context_builder(template: str, builder: Callable[[dict], dict]) -> None:
    _context_builders[template] = builder


def email_queue(*, template: str, to: list[str], context: dict, language: str = "pl") -> OutgoingEmail | None:
    """Store the e-mail now; dispatch it to a worker once the surrounding transaction commits."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        return None
    email = OutgoingEmail.objects.create(template=template, to=recipients, context=context, language=language)
    transaction.on_commit(lambda: email_dispatch(email_id=email.pk))
    return email


def email_dispatch(*, email_id: int) -> None:
    from .lib.dispatch import publish
    from .tasks import email_send_task

    OutgoingEmail.objects.filter(pk=email_id).update(queued_at=timezone.now())
    if not publish(email_send_task, email_id):  # broker down: the outbox sweep queues it once it is back
        OutgoingEmail.objects.filter(pk=email_id, status=OutgoingEmail.Status.PENDING).update(queued_at=None)


def email_render(email: OutgoingEmail) -> EmailMultiAlternatives:
    context = {**email.context, "site_url": settings.SITE_URL, "privacy": privacy_notice()}
    if email.template in _context_builders:
        context.update(_context_builders[email.template](email.context))
    with translation.override(email.language):
        subject = " ".join(render_to_string(f"emails/{email.template}-subject.txt", context).split())
        text = render_to_string(f"emails/{email.template}-body.txt", context)
        html = render_to_string(f"emails/{email.template}-body.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, email.to)
    message.attach_alternative(html, "text/html")
    return message


def email_send(*, email_id: int) -> bool:
    """Send one pending e-mail; True when sent (now or before). Safe to call twice."""
    try:
        with transaction.atomic():
            email = OutgoingEmail.objects.select_for_update(skip_locked=True).filter(pk=email_id).first()
            if email is None or email.status != OutgoingEmail.Status.PENDING:
                return email is not None and email.status == OutgoingEmail.Status.SENT
            email_render(email).send()
            email.status, email.sent_at, email.attempts = OutgoingEmail.Status.SENT, timezone.now(), email.attempts + 1
            email.save(update_fields=["status", "sent_at", "attempts"])
            return True
    except Exception as exc:
        email_failed(email_id=email_id, error=str(exc))
        raise


def email_failed(*, email_id: int, error: str) -> None:
    """Record a failed attempt and when to try again; the outbox flush is the one retry mechanism."""
    email = OutgoingEmail.objects.filter(pk=email_id, status=OutgoingEmail.Status.PENDING).first()
    if email is None:
        return
    now = timezone.now()
    email.attempts += 1
    email.last_error = error[:2000]
    email.next_attempt_at = now + min(FIRST_RETRY * 2 ** (email.attempts - 1), LONGEST_RETRY)
    email.queued_at = None  # no message is in flight any more; the sweep queues it at next_attempt_at
    if now - email.created_at > GIVE_UP_AFTER:
        email.status = OutgoingEmail.Status.FAILED
    email.save(update_fields=["attempts", "last_error", "next_attempt_at", "queued_at", "status"])


def email_outbox_flush(*, older_than: timedelta = timedelta(seconds=10)) -> int:
    """Queue the pending e-mails whose time has come and that no task is carrying (beat, every 30 s).

    A row is queued when its publish failed (broker down: `queued_at` empty) or when it has been in
    flight longer than any task may run (its worker was killed). Rows younger than `older_than` are
    left to the dispatch after their own commit. Queuing twice is harmless (sending is idempotent)
    but this guard keeps it from happening on every sweep.
    """
    from .lib.dispatch import in_flight

    now = timezone.now()
    ids = list(
        OutgoingEmail.objects.filter(
            Q(queued_at__isnull=True) | Q(queued_at__lt=now - in_flight()),
            status=OutgoingEmail.Status.PENDING, created_at__lt=now - older_than, next_attempt_at__lte=now,
        ).values_list("pk", flat=True)
    )
    for email_id in ids:
        email_dispatch(email_id=email_id)
    return len(ids)
