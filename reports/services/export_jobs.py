"""Exports as background jobs: the request records an `ExportJob` and queues it; a worker builds the file.

The row is the source of truth (status, progress, file), never the broker: if publishing fails the job
stays queued with no `queued_at`, and `export_jobs_resend` (beat, every 30 s) queues it again; a job a
killed worker left running is queued again too. The file goes to storage through the FileField (the
project's storage backend, local or object storage), never a filesystem path.
"""

import datetime
import tempfile
from collections.abc import Callable, Iterable, Iterator
from urllib.parse import urlencode

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audits.forms.audits import AuditFilterForm
from audits.forms.self_assessments import ReviewFilterForm
from audits.selectors.audits import audit_overview, get_edition_for_audits
from audits.selectors.self_assessments import current_or_latest_edition, self_assessment_review_list
from certification.forms import CertificateFilterForm
from certification.selectors import certificate_list_for_user, certificate_search
from core.audit import audit
from core.lib.dispatch import SWEEP_GRACE, in_flight, publish_pending, requeue_lost
from core.services import ServiceError
from institutions.forms import InstitutionFilterForm
from institutions.models import Programme, User
from institutions.selectors import institution_list_for_user, institution_search
from surveys.results import region_aggregate_rows, region_choice

from .. import exports
from ..models import ExportJob

Kind, Status = ExportJob.Kind, ExportJob.Status
MAX_ATTEMPTS = 3  # a job that kills its worker three times is marked failed, not retried for ever
PROGRESS_EVERY = exports.CHUNK  # one UPDATE of the progress per chunk of rows, not per row
IGNORED_PARAMETERS = ("page", "format", "csrfmiddlewaretoken")


class ExportError(ServiceError):
    """The export cannot be built (raised in the worker; the message is recorded on the job)."""


# --- Which rows: the list's own filter form and selector, scoped to the user who asked ---------------


def _institutions(user: User, query: QueryDict | None) -> exports.Export:
    form = InstitutionFilterForm(query)
    return exports.institutions_export(institution_search(institution_list_for_user(user=user), **form.filters()))


def _certificates(user: User, query: QueryDict | None) -> exports.Export:
    form = CertificateFilterForm(query)
    filters = form.cleaned_data if form.is_valid() else {}
    return exports.certificates_export(certificate_search(certificate_list_for_user(user=user), **filters))


def _self_assessments(user: User, query: QueryDict | None) -> exports.Export:
    default = current_or_latest_edition()
    form = ReviewFilterForm(query, initial={"edition": default})
    filters = dict(form.cleaned_data) if form.is_valid() else {}
    edition = filters.pop("edition", None) or default
    if edition is None:
        raise ExportError(_("There is no edition to export yet."))
    qs = self_assessment_review_list(user=user, edition=edition, **filters)
    return exports.self_assessments_export(qs, edition=edition)


def _audits(user: User, query: QueryDict | None) -> exports.Export:
    edition = get_edition_for_audits(user=user, pk=int(query.get("edition_pk", 0) if query else 0))
    form = AuditFilterForm(query)
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    # One rulebook per file: the per-criterion columns differ between the programmes.
    filters["programme"] = filters.get("programme") or Programme.SPB
    qs = audit_overview(user=user, edition=edition, **filters)
    return exports.audits_export(qs, edition=edition, programme=filters["programme"])


def _survey_results(user: User, query: QueryDict | None) -> exports.Export:
    if not user.is_kwp:
        raise ExportError(_("Only KWP staff export the region's survey results."))
    _editions, edition, _questionnaires, questionnaire = region_choice(user=user, query=query or QueryDict())
    if edition is None or questionnaire is None:
        raise ExportError(_("There are no survey results to export yet."))
    rows = region_aggregate_rows(edition=edition, questionnaire=questionnaire)
    return exports.survey_results_export(rows, edition=edition, questionnaire=questionnaire)


BUILDERS: dict[str, Callable[[User, QueryDict | None], exports.Export]] = {
    Kind.INSTITUTIONS: _institutions, Kind.CERTIFICATES: _certificates,
    Kind.SELF_ASSESSMENTS: _self_assessments, Kind.AUDITS: _audits, Kind.SURVEY_RESULTS: _survey_results,
}


def export_for(*, user: User, kind: str, parameters: dict[str, list[str]]) -> exports.Export:
    """The export of list `kind` with the list's filters, as `user` sees the list: the worker re-applies the
    scope (the job holds ids and filters only). Raises Http404 for an edition the user may not see."""
    query = QueryDict(mutable=True)
    for key, values in parameters.items():
        query.setlist(key, values)
    return BUILDERS[kind](user, query or None)


def parameters_from(query: QueryDict) -> dict[str, list[str]]:
    return {key: query.getlist(key) for key in query if key not in IGNORED_PARAMETERS}


# --- Ordering and queueing --------------------------------------------------------------------------


@transaction.atomic
def export_job_start(*, user: User, kind: str, fmt: str, parameters: dict[str, list[str]]) -> ExportJob:
    """Record the export and queue it after commit; nothing is built here."""
    if fmt not in ExportJob.Format.values:
        fmt = ExportJob.Format.XLSX
    job = ExportJob.objects.create(created_by=user, kind=kind, format=fmt, parameters=parameters)
    # The security log says who exported what (the download, logged by the middleware, names only the job).
    transaction.on_commit(lambda: audit("export_ordered", kind=kind, format=fmt, job_id=job.pk,
                                        filters=urlencode(parameters, doseq=True), user=user.get_username()))
    transaction.on_commit(lambda: export_job_dispatch(job_id=job.pk))
    return job


def export_job_dispatch(*, job_id: int) -> bool:
    from ..tasks import export_job_build_task

    pending = ExportJob.objects.filter(status=Status.QUEUED)
    return publish_pending(export_job_build_task, pending, [job_id], queued_field="queued_at") > 0


def export_jobs_resend(*, older_than: datetime.timedelta = SWEEP_GRACE) -> int:
    """Queue the jobs no task carries (beat): never published (broker down), or queued or running longer
    than any task may take (a killed worker). Jobs younger than `older_than` are left to their own dispatch."""
    from ..tasks import export_job_build_task

    # A job running longer than any task may take goes back to the queue (its worker is gone; the build is
    # idempotent): its `queued_at` is older still, so the sweep below takes it.
    ExportJob.objects.filter(status=Status.RUNNING, started_at__lt=timezone.now() - in_flight()).update(
        status=Status.QUEUED
    )
    return requeue_lost(export_job_build_task, ExportJob.objects.filter(status=Status.QUEUED),
                        since_field="created_at", queued_field="queued_at", older_than=older_than)


# --- Building (in the worker) -----------------------------------------------------------------------


def _counted(rows: Iterable[list], progress: Callable[[int], object]) -> Iterator[list]:
    for done, row in enumerate(rows, start=1):
        yield row
        if done % PROGRESS_EVERY == 0:
            progress(done)


def export_job_build(*, job_id: int) -> ExportJob | None:
    """Build the file of a queued job and store it; None when the job is not (or no longer) to be built.

    1. Take the job (compare-and-set queued → running), so a duplicate delivery builds nothing twice.
    2. Build the rows as the owner sees the list today, counting progress on the row.
    3. Write into a temporary file, then save it to storage and mark the job done with its expiry.
    """
    now = timezone.now()
    taken = ExportJob.objects.filter(pk=job_id, status=Status.QUEUED, attempts__lt=MAX_ATTEMPTS).update(
        status=Status.RUNNING, started_at=now, done=0, attempts=F("attempts") + 1
    )
    if not taken:
        _fail_exhausted(job_id)
        return None
    job = ExportJob.objects.select_related("created_by").get(pk=job_id)
    try:
        return _build(job)
    except Exception as exc:
        export_job_fail(job_id=job_id, error=f"{type(exc).__name__}: {exc}")
        raise


def _build(job: ExportJob) -> ExportJob:
    export = export_for(user=job.created_by, kind=job.kind, parameters=job.parameters)
    total = export.count()
    ExportJob.objects.filter(pk=job.pk).update(total=total)
    export.rows = _counted(export.rows, lambda done: ExportJob.objects.filter(pk=job.pk).update(done=done))
    with tempfile.TemporaryFile() as target:
        exports.write(export, job.format, target)
        target.seek(0)
        job.filename = f"{export.filename}.{job.format}"
        old_name = job.file.name
        job.file.save(job.filename, File(target), save=False)
    if old_name:  # a rebuild after a killed worker replaces the earlier file
        job.file.storage.delete(old_name)
    job.status, job.finished_at = Status.DONE, timezone.now()
    job.expires_at = job.finished_at + datetime.timedelta(hours=settings.EXPORT_KEEP_HOURS)
    job.done = job.total = total
    job.save(update_fields=["file", "filename", "status", "finished_at", "expires_at", "done", "total"])
    return job


def _fail_exhausted(job_id: int) -> None:
    ExportJob.objects.filter(pk=job_id, status=Status.QUEUED, attempts__gte=MAX_ATTEMPTS).update(
        status=Status.FAILED, finished_at=timezone.now(), error="too many attempts"
    )


def export_job_fail(*, job_id: int, error: str) -> None:
    """The build raised: say so on the page (the user may order the export again)."""
    ExportJob.objects.filter(pk=job_id, status__in=[Status.QUEUED, Status.RUNNING]).update(
        status=Status.FAILED, finished_at=timezone.now(), error=error[:2000]
    )


# --- Housekeeping -----------------------------------------------------------------------------------


def export_jobs_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the files of expired jobs (the rows stay a while, so the page can say the file expired), and
    the rows themselves after EXPORT_ROWS_KEEP_DAYS. Returns how many files were deleted."""
    now = now or timezone.now()
    deleted = 0
    for job in ExportJob.objects.filter(expires_at__lte=now).exclude(file="").only("pk", "file"):
        job.file.delete(save=False)
        ExportJob.objects.filter(pk=job.pk).update(file="")
        deleted += 1
    old = ExportJob.objects.filter(created_at__lt=now - datetime.timedelta(days=settings.EXPORT_ROWS_KEEP_DAYS))
    for job in old.exclude(file="").only("pk", "file"):  # unfinished-but-old jobs may still hold a file
        job.file.delete(save=False)
    old.delete()
    return deleted
