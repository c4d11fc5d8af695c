"""Celery tasks of the certification app: thin wrappers that load by id and call one service."""

from celery import Task, shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import translation

from .ceremony import ceremony_file_render, ceremony_files_resend
from .commission import proposal_list_render, proposal_lists_resend
from .models import CertificateBatch

# services imports the PDF renderer and so WeasyPrint: a fresh worker pays that cost at start, not on its first PDF.
from .services import (
    certificate_batch_fail,
    certificate_batch_fan_out,
    certificate_batch_render,
    certificate_pdf_resend,
    certificate_reminders_send,
    certificate_render,
)


# A retry waits in the worker as an ETA task; kept under the broker's visibility timeout (180 s) so Redis
# does not hand the waiting retry to a second worker.
@shared_task(
    autoretry_for=(OSError, OperationalError), retry_backoff=10, retry_backoff_max=120, retry_jitter=True,
    max_retries=6,
)
def certificate_render_task(certificate_id: int) -> bool:
    with translation.override("pl"):
        return certificate_render(certificate_id=certificate_id)


class BatchTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        certificate_batch_fail(batch_id=args[0], error=f"{type(exc).__name__}: {exc}")


@shared_task(base=BatchTask)
def certificate_batch_render_task(batch_id: int) -> int:
    """The batch task: fan the batch's PDFs out as chunk tasks, which any worker process may take."""
    return certificate_batch_fan_out(batch_id=batch_id, chunk_size=settings.CERTIFICATE_BATCH_CHUNK)


# Retried like a single PDF when the database is away (each PDF's own failure is recorded and skipped).
@shared_task(
    autoretry_for=(OSError, OperationalError), retry_backoff=10, retry_backoff_max=120, retry_jitter=True,
    max_retries=6,
)
def certificate_batch_chunk_task(batch_id: int, certificate_ids: list[int]) -> dict:
    # Progress lives on the batch row (recounted after each PDF); there is no result backend to report to.
    with translation.override("pl"):
        batch = certificate_batch_render(batch=CertificateBatch.objects.get(pk=batch_id),
                                         certificate_ids=certificate_ids)
    return {"done": batch.done, "failed": batch.failed, "total": batch.total}


@shared_task
def certificate_pdf_resend_task() -> int:
    # The same sweep queues the commission's lists and the ceremony files whose publish was lost.
    return certificate_pdf_resend() + proposal_lists_resend() + ceremony_files_resend()


@shared_task(autoretry_for=(OSError, OperationalError), retry_backoff=10, retry_backoff_max=120, max_retries=6)
def proposal_list_render_task(proposal_id: int) -> bool:
    with translation.override("pl"):
        return proposal_list_render(proposal_id=proposal_id)


# One PDF of every certificate of the edition: under the broker's visibility timeout (180 s), like the batches.
@shared_task(soft_time_limit=150, time_limit=170)
def ceremony_file_render_task(file_id: int) -> bool:
    with translation.override("pl"):
        return ceremony_file_render(file_id=file_id)


@shared_task
def certificate_reminders_task() -> int:
    return certificate_reminders_send()
