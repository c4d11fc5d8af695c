"""Templated e-mail through an outbox table and Celery.

Each e-mail is three templates: `emails/<name>-subject.txt`, `-body.txt` and `-body.html`.
Callers pass only JSON-serialisable context (ids, strings, dates as text).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutgoingEmail

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


def email_queue(*, template: str, to: list[str], context: dict, language: str = "pl") -> OutgoingEmail | None:
    """Store the e-mail now; dispatch it to a worker once the surrounding transaction commits."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        return None
    email = OutgoingEmail.objects.create(template=template, to=recipients, context=context, language=language)
    transaction.on_commit(lambda: email_dispatch(email_id=email.pk))
    return email


def email_dispatch(*, email_id: int) -> None:
    from .tasks import email_send_task

    try:
        email_send_task.delay(email_id)
    except Exception:  # broker down: the row stays pending and the periodic flush retries
        logger.warning("Could not queue e-mail %s; it will be retried by the outbox flush", email_id, exc_info=True)


def email_render(email: OutgoingEmail) -> EmailMultiAlternatives:
    context = {**email.context, "site_url": settings.SITE_URL}
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
        pending = OutgoingEmail.objects.filter(pk=email_id, status=OutgoingEmail.Status.PENDING)
        pending.update(attempts=F("attempts") + 1, last_error=str(exc)[:2000])
        pending.filter(attempts__gte=MAX_ATTEMPTS).update(status=OutgoingEmail.Status.FAILED)
        raise


def email_outbox_flush(*, older_than: timedelta = timedelta(minutes=2)) -> int:
    """Queue again the e-mails still pending (e.g. the broker was down when they were stored)."""
    cutoff = timezone.now() - older_than
    ids = list(
        OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING, created_at__lt=cutoff).values_list("pk", flat=True)
    )
    for email_id in ids:
        email_dispatch(email_id=email_id)
    return len(ids)
