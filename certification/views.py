import zipfile
from tempfile import SpooledTemporaryFile

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audits.models import Edition
from core.lib.storage import stored_file_response
from core.lib.throttle import too_many, too_many_response
from core.ui import PAGE_SIZE
from institutions.authenticated import AuthenticatedHttpRequest
from institutions.models import User
from institutions.permissions import kwp_required, role_required
from institutions.selectors import get_institution_for_user

from . import county_map, public_cache, selectors, services
from .forms import (
    BatchIssueForm,
    CertificateFilterForm,
    EditionForm,
    PdfCheckForm,
    RegisterFilterForm,
    RevokeForm,
    VerifyForm,
)
from .models import Certificate, CertificateBatch, Decision
from .services import CertificationError
from .signature_check import PdfCheckError, pdf_check

coordinator_or_kwp = role_required(User.Role.KWP_STAFF, User.Role.COORDINATOR)


def _edition_from(request: AuthenticatedHttpRequest) -> tuple[EditionForm, Edition | None]:
    """The edition chosen with ?edition=; without the parameter, the latest one with signed audits."""
    if "edition" not in request.GET:
        edition = selectors.default_edition()
        return EditionForm(initial={"edition": edition}), edition
    form = EditionForm(request.GET)
    return form, form.cleaned_data.get("edition") if form.is_valid() else None


def _back_to_verification() -> tuple[str, str]:
    return reverse("certification:verify"), _("Back to verification")


# --- An institution's timeline ------------------------------------------------------------------


@coordinator_or_kwp
def institution_timeline(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The whole timeline; the institution page shows its latest entries."""
    institution = get_institution_for_user(user=request.user, pk=pk)
    if not selectors.timeline_visible(institution=institution, user=request.user):
        raise Http404
    timeline = selectors.institution_timeline(institution=institution, user=request.user)
    context = {"institution": institution, "timeline": timeline}
    return render(request, "certification/institution_timeline.html", context)


# --- Certificates -----------------------------------------------------------------------------


@coordinator_or_kwp
def certificate_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CertificateFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.certificate_search(selectors.certificate_list_for_user(user=request.user), **filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "certification/certificate/list.html", {"form": form, "page": page})


@coordinator_or_kwp
def certificate_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    certificate = selectors.get_certificate_for_user(user=request.user, pk=pk)
    context = {
        "certificate": certificate,
        "events": selectors.certificate_events(certificate) if request.user.is_kwp else None,
    }
    return render(request, "certification/certificate/detail.html", context)


@coordinator_or_kwp
def certificate_pdf(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    certificate = selectors.get_certificate_for_user(user=request.user, pk=pk)
    if certificate.pdf_status != Certificate.PdfStatus.READY or not certificate.pdf:
        raise Http404(_("The PDF of this certificate is not ready yet."))
    if certificate.revoked_at and not request.user.is_kwp:
        raise Http404(_("This certificate has been revoked."))
    try:
        return stored_file_response(
            certificate.pdf, content_type="application/pdf", as_attachment=True, filename=certificate.pdf_filename
        )
    except FileNotFoundError:
        raise Http404(_("The PDF of this certificate is not ready yet.")) from None


@require_POST
@kwp_required
def certificate_rerender(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    certificate = selectors.get_certificate_for_user(user=request.user, pk=pk, write=True)
    try:
        services.certificate_rerender(certificate=certificate, by=request.user)
        messages.success(request, _("The PDF will be rendered again; the number and code stay the same."))
    except CertificationError as exc:
        messages.error(request, str(exc))
    return redirect(certificate)


@kwp_required
def certificate_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    certificate = selectors.get_certificate_for_user(user=request.user, pk=pk, write=True)
    form = RevokeForm(request.POST or None)
    if form.is_valid():
        try:
            services.certificate_revoke(certificate=certificate, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("The certificate was revoked."))
            return redirect(certificate)
        except CertificationError as exc:
            form.add_error(None, str(exc))
    return render(request, "certification/certificate/revoke.html", {"certificate": certificate, "form": form})


# --- Decisions --------------------------------------------------------------------------------


@kwp_required
def decision_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, edition = _edition_from(request)
    refused_only = request.GET.get("outcome") == Decision.Outcome.REFUSED  # the KWP dashboard's refusals number
    context = {
        "form": form,
        "edition": edition,
        "refused_only": refused_only,
        # Both lists grow with the region: each has its own page number.
        "audits": Paginator(selectors.audits_awaiting_decision(user=request.user, edition=edition)
                            .select_related("commission_recommendation__proposal")
                            .order_by("enrolment__institution__name", "pk"), PAGE_SIZE)
        .get_page(request.GET.get("awaiting_page")),
        "commission": selectors.commission_for_edition(edition),
        "decisions": Paginator(selectors.decision_list_for_user(
            user=request.user, edition=edition, refused_only=refused_only
        ).order_by("audit__enrolment__institution__name", "pk"), PAGE_SIZE).get_page(request.GET.get("page")),
    }
    return render(request, "certification/decision/list.html", context)


@require_POST
@kwp_required
def decision_issue(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    decision = selectors.get_decision_for_user(user=request.user, pk=pk)
    try:
        certificate = services.certificate_issue(decision=decision, by=request.user)
    except CertificationError as exc:
        messages.error(request, str(exc))
        return redirect(f"{reverse('certification:decision-list')}?edition={decision.audit.enrolment.edition_id}")
    messages.success(request, _("Certificate %(number)s was issued.") % {"number": certificate.number})
    return redirect(certificate)


# --- Batches ------------------------------------------------------------------------------------


@kwp_required
def batch_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    edition_form, edition = _edition_from(request)
    decisions = selectors.issuable_decisions(user=request.user, edition=edition)
    form = BatchIssueForm(request.POST or None, decisions=decisions)
    if edition and form.is_valid():
        try:
            batch = services.certificate_batch_issue(
                edition=edition, decisions=form.cleaned_data["decisions"], by=request.user
            )
            return redirect(batch)
        except CertificationError as exc:
            form.add_error(None, str(exc))
    batches = selectors.batch_list_for_user(user=request.user)[:10]
    context = {"edition_form": edition_form, "edition": edition, "form": form, "batches": batches}
    return render(request, "certification/batch/create.html", context)


@kwp_required
def batch_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    batch = selectors.get_batch_for_user(user=request.user, pk=pk)
    certificates = batch.certificates.select_related("institution").order_by("sequence")
    return render(request, "certification/batch/detail.html", {"batch": batch, "certificates": certificates})


@kwp_required
def batch_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Polled every second: the progress partial for htmx, JSON for other clients."""
    batch = selectors.get_batch_for_user(user=request.user, pk=pk)
    if request.htmx:
        response = render(request, "certification/batch/_progress.html", {"batch": batch})
        if not batch.is_running:  # reload once, so the list of certificates shows the PDFs too
            response["HX-Refresh"] = "true"
        return response
    return JsonResponse({
        "status": batch.status, "ready": not batch.is_running, "total": batch.total, "done": batch.done,
        "failed": batch.failed, "percent": batch.percent, "redirect": batch.get_absolute_url(),
    })


@require_POST
@kwp_required
def batch_retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    batch = selectors.get_batch_for_user(user=request.user, pk=pk)
    try:
        services.certificate_batch_retry(batch=batch, by=request.user)
        messages.success(request, _("The failed PDFs are being rendered again."))
    except CertificationError as exc:
        messages.error(request, str(exc))
    return redirect(batch)


@kwp_required
def batch_zip(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    batch: CertificateBatch = selectors.get_batch_for_user(user=request.user, pk=pk)
    ready = batch.certificates.filter(pdf_status=Certificate.PdfStatus.READY).exclude(pdf="").order_by("sequence")
    buffer = SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate in ready:
            with certificate.pdf.open("rb") as pdf:
                archive.writestr(certificate.pdf_filename, pdf.read())
    buffer.seek(0)
    filename = f"certyfikaty-{batch.edition.start_year}-{batch.pk}.zip"
    return FileResponse(buffer, as_attachment=True, filename=filename, content_type="application/zip")


# --- Public pages -------------------------------------------------------------------------------


def verify(request: AuthenticatedHttpRequest, code: str = "") -> HttpResponse:
    """The QR code leads here with the code in the path; the form sends it as ?code=."""
    form = VerifyForm({"code": code} if code else (request.GET or None))
    context = {"form": form, "file_form": PdfCheckForm(), "looked_up": False}
    if form.is_valid():
        if too_many(request, "certificate-lookup", settings.CERTIFICATE_LOOKUPS_PER_MINUTE):
            return too_many_response(request, _(
                "Too many certificate codes were checked from your address in a short time. Wait a minute and try "
                "again."), back=_back_to_verification())
        code = form.cleaned_data["code"]
        certificate = public_cache.cached("verify", (code,), lambda: selectors.certificate_by_code(code))
        context |= {"looked_up": True, "certificate": certificate}
    return render(request, "certification/public/verify.html", context)


def verify_file(request: AuthenticatedHttpRequest) -> HttpResponse:
    """An uploaded PDF: its signature and which issued document it is. Nothing from the file is kept, and the
    answer is never cached (it depends on the file)."""
    if request.method != "POST":
        return redirect("certification:verify")
    if too_many(request, "pdf-check", settings.PDF_UPLOAD_CHECKS_PER_MINUTE):
        return too_many_response(request, _(
            "Too many files were checked from your address in a short time. Wait a minute and try again."),
            back=_back_to_verification())
    form = PdfCheckForm(request.POST, request.FILES)
    context = {"form": VerifyForm(), "file_form": form, "looked_up": False, "file_checked": False}
    if form.is_valid():
        try:
            check = pdf_check(form.cleaned_data["file"].read())
        except PdfCheckError as exc:
            form.add_error("file", str(exc))
        else:
            context |= {"file_checked": True, "check": check}
    return render(request, "certification/public/verify.html", context)


REGISTER_PARAMS = {"county", "programme", "type", "page", "lider_page"}


def register(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = RegisterFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}

    def body() -> str:  # the same for every visitor: cached per filters, pages and language
        page = Paginator(selectors.register_list(**filters), 50).get_page(request.GET.get("page"))
        lider = Paginator(selectors.lider_titles(**filters), 50).get_page(request.GET.get("lider_page"))
        context = {"page": page, "lider_titles": lider}
        return render_to_string("certification/public/_register_body.html", context, request=request)

    # The page links repeat the query string, so it is the key; only valid filters and a page number are cached,
    # anything else is built each time, so made-up parameters cannot fill the cache.
    query = request.GET.urlencode()
    plain = set(request.GET) <= REGISTER_PARAMS and len(query) < 80 and (not request.GET or form.is_valid())
    parts = tuple(sorted(request.GET.items()))
    context = {"form": form, "body": public_cache.cached("register", parts, body) if plain else body(),
               "county_map": county_map.render_cached(request)}
    return render(request, "certification/public/register.html", context)
