"""Celery tasks of the certification app: thin wrappers that load by id and call one service."""

from celery import Task, shared_task
from django.db import OperationalError
from django.utils import translation

from .models import CertificateBatch

# services imports the PDF renderer and so WeasyPrint: a fresh worker pays that cost at start, not on its first PDF.
from .services import (
    certificate_batch_fail,
    certificate_batch_render,
    certificate_pdf_resend,
    certificate_reminders_send,
    certificate_render,
)


@shared_task(
    autoretry_for=(OSError, OperationalError), retry_backoff=10, retry_backoff_max=600, retry_jitter=True,
    max_retries=6,
)
def certificate_render_task(certificate_id: int) -> bool:
    with translation.override("pl"):
        return certificate_render(certificate_id=certificate_id)


class BatchTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        certificate_batch_fail(batch_id=args[0], error=f"{type(exc).__name__}: {exc}")


@shared_task(bind=True, base=BatchTask)
def certificate_batch_render_task(self, batch_id: int) -> dict:
    def progress(done: int, total: int) -> None:
        if not (self.request.called_directly or self.request.is_eager):
            self.update_state(state="PROGRESS", meta={"done": done, "total": total})

    with translation.override("pl"):
        batch = certificate_batch_render(batch=CertificateBatch.objects.get(pk=batch_id), progress=progress)
    return {"done": batch.done, "failed": batch.failed, "total": batch.total}


@shared_task
def certificate_pdf_resend_task() -> int:
    return certificate_pdf_resend()


@shared_task
def certificate_reminders_task() -> int:
    return certificate_reminders_send()
