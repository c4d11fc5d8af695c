"""Audit protocol PDFs: thin wrappers that load by id and call one service."""

from celery import shared_task
from django.db import OperationalError
from django.utils import translation

# protocol_pdf imports WeasyPrint: a fresh worker pays that cost at start, not on its first protocol.
from .. import protocol_pdf  # noqa: F401
from ..services.protocols import protocol_pdf_resend, protocol_render

__all__ = ["protocol_pdf_resend_task", "protocol_render_task"]


# Retries wait under the broker's visibility timeout (see certification.tasks.certificate_render_task).
@shared_task(
    autoretry_for=(OSError, OperationalError), retry_backoff=10, retry_backoff_max=120, retry_jitter=True,
    max_retries=6,
)
def protocol_render_task(protocol_id: int) -> bool:
    with translation.override("pl"):
        return protocol_render(protocol_id=protocol_id)


@shared_task
def protocol_pdf_resend_task() -> int:
    return protocol_pdf_resend()
