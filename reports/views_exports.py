"""Exports: the lists' download buttons order a job (POST); the worker builds the file; its owner follows
the progress and downloads it here. Only the job's owner sees it (others get 404); files expire."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from audits.selectors.audits import get_edition_for_audits
from audits.selectors.self_assessments import current_or_latest_edition
from core.lib.storage import stored_file_response
from institutions.authenticated import AuthenticatedHttpRequest
from institutions.models import User
from institutions.permissions import kwp_required, role_required

from . import exports
from .forms import ExportFormatForm
from .models import ExportJob
from .selectors.export_jobs import export_job_list_for_user, get_export_job_for_user
from .services.export_jobs import export_job_start, parameters_from

coordinator_or_kwp = role_required(User.Role.KWP_STAFF, User.Role.COORDINATOR)
Kind = ExportJob.Kind


def _order(request: AuthenticatedHttpRequest, kind: str, **extra: str) -> HttpResponse:
    """GET shows what will be exported with the button that orders it; POST orders it (the filters ride
    in the query string, as on the list) and leads to the job's page."""
    fmt = ExportFormatForm(request.GET).fmt()
    if request.method != "POST":
        context = {"kind": Kind(kind).label, "fmt": fmt, "query": request.GET.urlencode()}
        return render(request, "reports/export/order.html", context)
    job = export_job_start(user=request.user, kind=kind, fmt=fmt,
                           parameters=parameters_from(request.GET) | {k: [v] for k, v in extra.items()})
    return redirect(job)


@coordinator_or_kwp
def export_institutions(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _order(request, Kind.INSTITUTIONS)


@coordinator_or_kwp
def export_certificates(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _order(request, Kind.CERTIFICATES)


@kwp_required
def export_self_assessments(request: AuthenticatedHttpRequest) -> HttpResponse:
    if "edition" not in request.GET and current_or_latest_edition() is None:
        raise Http404
    return _order(request, Kind.SELF_ASSESSMENTS)


@kwp_required
def export_audits(request: AuthenticatedHttpRequest, edition_pk: int) -> HttpResponse:
    edition = get_edition_for_audits(user=request.user, pk=edition_pk)  # 404 before anything is ordered
    return _order(request, Kind.AUDITS, edition_pk=str(edition.pk))


@kwp_required
def export_survey_results(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _order(request, Kind.SURVEY_RESULTS)


# --- The user's jobs --------------------------------------------------------------------------------


@coordinator_or_kwp
def export_job_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(export_job_list_for_user(user=request.user), 20).get_page(request.GET.get("page"))
    return render(request, "reports/export/list.html", {"page": page})


@coordinator_or_kwp
def export_job_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = get_export_job_for_user(user=request.user, pk=pk)
    return render(request, "reports/export/detail.html", {"job": job})


@coordinator_or_kwp
def export_job_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Polled every second while the job runs: the progress partial for htmx, JSON for other clients."""
    job = get_export_job_for_user(user=request.user, pk=pk)
    if request.htmx:
        return render(request, "reports/export/_progress.html", {"job": job})
    return JsonResponse({"status": job.status, "ready": job.is_downloadable, "done": job.done, "total": job.total,
                         "percent": job.percent, "redirect": job.get_absolute_url()})


@coordinator_or_kwp
def export_job_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    """The file, streamed from storage after the owner check (storage URLs are never handed out)."""
    job = get_export_job_for_user(user=request.user, pk=pk)
    if job.is_expired:
        return render(request, "reports/export/detail.html", {"job": job}, status=410)
    if not job.is_downloadable:
        messages.info(request, _("The file is not ready yet."))
        return redirect(job)
    try:
        return stored_file_response(job.file, as_attachment=True, filename=job.filename,
                                    content_type=exports.content_type(job.format))
    except FileNotFoundError:
        raise Http404 from None
