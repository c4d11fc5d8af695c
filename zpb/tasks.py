from smtplib import SMTPException

from celery import shared_task

from .emails import email_outbox_flush, email_send


@shared_task(autoretry_for=(SMTPException, OSError), retry_backoff=30, retry_backoff_max=3600, max_retries=7)
def email_send_task(email_id: int) -> bool:
    return email_send(email_id=email_id)


@shared_task
def email_outbox_flush_task() -> int:
    return email_outbox_flush()
