"""Audit e-mails (planned, changed, cancelled, signed, the reminder) go through the project's outbox:
`core.emails.email_queue` inside the service's transaction, sent by `core.tasks.email_send_task`
after commit. The reminder runs from beat."""

from celery import shared_task

from ..selectors.self_assessments import today_in_warsaw
from ..services.audits import audit_send_reminders

__all__ = ["audit_reminders_task"]


@shared_task
def audit_reminders_task() -> int:
    """Hourly: remind coordinators of audits in the next 7 days (Warsaw date); each date once."""
    return audit_send_reminders(today_in_warsaw())
