"""Celery tasks of the reports app: thin wrappers that load by id and call one service."""

from celery import Task, shared_task
from django.utils import translation

from .services.export_jobs import export_job_build, export_job_fail, export_jobs_purge, export_jobs_resend


class ExportTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        export_job_fail(job_id=args[0], error=f"{type(exc).__name__}: {exc}")


@shared_task(base=ExportTask)
def export_job_build_task(job_id: int) -> str:
    # Headers, sheet and file names are translated: the worker writes them in Polish.
    with translation.override("pl"):
        job = export_job_build(job_id=job_id)
    return job.status if job else "skipped"


@shared_task
def export_jobs_resend_task() -> int:
    return export_jobs_resend()


@shared_task
def export_jobs_purge_task() -> int:
    return export_jobs_purge()
