from celery import shared_task

from .emails import email_outbox_flush, email_send
from .housekeeping import housekeeping_run


@shared_task
def email_send_task(email_id: int) -> bool:
    # No Celery retries: a failure is recorded on the row and the periodic flush tries again.
    return email_send(email_id=email_id)


@shared_task
def email_outbox_flush_task() -> int:
    return email_outbox_flush()


@shared_task
def housekeeping_task() -> dict:
    return vars(housekeeping_run())
