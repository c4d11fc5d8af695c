"""Pages of the certification commission, the Komendant's list and the ceremony files."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audits.models import Edition
from core.lib.storage import stored_file_response
from core.ui import PAGE_SIZE
from core.views import run_service
from institutions.authenticated import AuthenticatedHttpRequest
from institutions.models import User
from institutions.permissions import kwp_required, role_required

from . import ceremony, commission, selectors
from .forms import CeremonyFileForm, CommissionFilterForm, CommissionForm, KomendantApprovalForm, RecommendationForm
from .models import CeremonyFile, Commission, FileStatus, Proposal
from .services import decision_outcomes_for
from .views import _edition_from

police_required = role_required(User.Role.KWP_STAFF, User.Role.AUDITOR)


def _open_file(field, filename: str, content_type: str) -> FileResponse:
    try:
        return stored_file_response(field, as_attachment=True, filename=filename, content_type=content_type)
    except FileNotFoundError:
        raise Http404(_("The file is not ready yet.")) from None


# --- Commission --------------------------------------------------------------------------------------


@police_required
def commission_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    commissions = selectors.commission_list_for_user(user=request.user)
    editions = Edition.objects.filter(commission__isnull=True).order_by("-start_year") if request.user.is_kwp else []
    return render(request, "certification/commission/list.html", {"commissions": commissions, "editions": editions})


@kwp_required
def commission_setup(request: AuthenticatedHttpRequest, edition_pk: int) -> HttpResponse:
    edition = get_object_or_404(Edition, pk=edition_pk)
    existing = Commission.objects.filter(edition=edition).first()
    initial = {}
    if existing:
        members = existing.members.select_related("user")
        initial = {"members": [m.user for m in members], "chair": next((m.user for m in members if m.is_chair), None)}
    form = CommissionForm(request.POST or None, initial=initial)
    if form.is_valid():
        outcome = run_service(request, lambda: commission.commission_setup(
            edition=edition, members=form.cleaned_data["members"], chair=form.cleaned_data["chair"], by=request.user,
        ), success=_("The commission was saved."), form=form)
        if outcome.ok:
            return redirect(outcome.value)
    return render(request, "certification/commission/setup.html",
                  {"edition": edition, "form": form, "existing": existing})


@police_required
def commission_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_commission_for_user(user=request.user, pk=pk)
    membership = selectors.commission_membership(commission=item, user=request.user)
    filter_form = CommissionFilterForm(request.GET or None)
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    audits = selectors.commission_audits(commission=item, **filters)
    proposals = list(item.proposals.order_by("-number"))
    open_proposal = next((p for p in proposals if p.is_open), None)
    approvals = list(open_proposal.approvals.select_related("user")) if open_proposal else []
    context = {
        "commission": item, "membership": membership, "members": item.members.select_related("user"),
        "filter_form": filter_form, "page": Paginator(audits, PAGE_SIZE).get_page(request.GET.get("page")),
        "proposals": proposals, "open_proposal": open_proposal, "approvals": approvals,
        "approved_by_me": any(a.user_id == request.user.pk for a in approvals),
        "proposed_count": open_proposal.recommendations.count() if open_proposal else 0,
    }
    return render(request, "certification/commission/detail.html", context)


@police_required
def recommendation_edit(request: AuthenticatedHttpRequest, pk: int, audit_pk: int) -> HttpResponse:
    item = selectors.get_commission_for_user(user=request.user, pk=pk, member=True)
    audit = selectors.get_audit_for_commission(commission=item, pk=audit_pk)
    proposal = item.proposals.filter(status=Proposal.Status.OPEN).first()
    if proposal is None:
        raise Http404(_("The commission has no open proposal."))
    current = getattr(audit, "commission_recommendation", None)
    initial = {"outcome": current.outcome, "reason": current.reason} if current else {}
    form = RecommendationForm(request.POST or None, initial=initial, outcomes=decision_outcomes_for(audit))
    back = redirect(item)
    if request.method == "POST" and request.POST.get("action") == "withdraw":
        withdrawn = run_service(request, lambda: commission.recommendation_withdraw(
            proposal=proposal, audit=audit, by=request.user), success=_("The proposal for this audit was withdrawn."))
        if withdrawn.ok and withdrawn.value:
            messages.warning(request, _("The list changed, so the members' approvals were cleared: "
                                        "they need to approve it again."))
        return back if withdrawn.ok else redirect(request.path)
    if form.is_valid():
        result = run_service(request, lambda: commission.recommendation_record(
            proposal=proposal, audit=audit, by=request.user, **form.cleaned_data),
            success=_("The proposed outcome was saved."), form=form)
        if result.ok:
            if result.value[1]:
                messages.warning(request, _("The list changed, so the members' approvals were cleared: "
                                            "they need to approve it again."))
            return back
    context = {"commission": item, "audit": audit, "form": form, "current": current, "proposal": proposal}
    return render(request, "certification/commission/recommendation.html", context)


@require_POST
@police_required
def proposal_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_commission_for_user(user=request.user, pk=pk)
    run_service(request, lambda: commission.proposal_open_next(commission=item, by=request.user),
                success=_("A new proposal was opened."))
    return redirect(item)


@require_POST
@police_required
def proposal_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_proposal_for_user(user=request.user, pk=pk, member=True)
    run_service(request, lambda: commission.proposal_approve(proposal=proposal, by=request.user),
                success=_("Your approval of the proposal was recorded."))
    return redirect(proposal.commission)


@require_POST
@police_required
def proposal_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_proposal_for_user(user=request.user, pk=pk, member=True)
    result = run_service(request, lambda: commission.proposal_close(proposal=proposal, by=request.user),
                         success=_("The proposal was closed; the list for the Komendant is being prepared."))
    return redirect(proposal if result.ok else proposal.commission)


# --- The list for the Komendant -----------------------------------------------------------------------


@police_required
def proposal_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_proposal_for_user(user=request.user, pk=pk)
    rows = commission.proposal_list_rows(proposal).select_related("decision__certificate")
    form = KomendantApprovalForm() if request.user.is_kwp and proposal.status == Proposal.Status.CLOSED else None
    context = {"proposal": proposal, "commission": proposal.commission, "form": form,
               "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))}
    return render(request, "certification/commission/proposal.html", context)


@police_required
def proposal_list_pdf(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    proposal = selectors.get_proposal_for_user(user=request.user, pk=pk)
    if proposal.list_status != FileStatus.READY:
        raise Http404(_("The file is not ready yet."))
    return _open_file(proposal.list_pdf, proposal.list_filename, "application/pdf")


@require_POST
@kwp_required
def proposal_list_rerender(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_proposal_for_user(user=request.user, pk=pk)
    run_service(request, lambda: commission.proposal_list_rerender(proposal=proposal, by=request.user),
                success=_("The list is being prepared again."))
    return redirect(proposal)


@kwp_required
def proposal_komendant(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_proposal_for_user(user=request.user, pk=pk)
    form = KomendantApprovalForm(request.POST or None)
    if form.is_valid():
        result = run_service(request, lambda: commission.proposal_komendant_approve(
            proposal=proposal, by=request.user, **form.cleaned_data),
            success=_("The Komendant's approval was recorded; the decisions are final."), form=form)
        if result.ok:
            return redirect(f"{reverse('certification:batch-create')}?edition={proposal.commission.edition_id}")
    return render(request, "certification/commission/komendant.html", {"proposal": proposal, "form": form})


# --- Ceremony ------------------------------------------------------------------------------------------


@kwp_required
def ceremony_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    edition_form, edition = _edition_from(request)
    files = CeremonyFile.objects.filter(edition=edition).select_related("created_by")[:10] if edition else []
    count = ceremony.ceremony_certificates(edition).count() if edition else 0
    context = {"edition_form": edition_form, "edition": edition, "files": files, "count": count,
               "kinds": CeremonyFile.Kind, "pending": any(f.status == FileStatus.PENDING for f in files)}
    return render(request, "certification/ceremony/page.html", context)


@require_POST
@kwp_required
def ceremony_file_create(request: AuthenticatedHttpRequest, edition_pk: int) -> HttpResponse:
    edition = get_object_or_404(Edition, pk=edition_pk)
    form = CeremonyFileForm(request.POST)
    if form.is_valid():
        run_service(request, lambda: ceremony.ceremony_file_request(
            edition=edition, kind=form.cleaned_data["kind"], by=request.user),
            success=_("The file is being prepared; it can be downloaded here when ready."))
    else:
        messages.error(request, _("Choose what to prepare."))
    return redirect(f"{reverse('certification:ceremony')}?edition={edition.pk}")


@kwp_required
def ceremony_file_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    row = get_object_or_404(CeremonyFile.objects.select_related("edition"), pk=pk, status=FileStatus.READY)
    content_type = "application/pdf" if row.kind == CeremonyFile.Kind.PRINT else (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return _open_file(row.file, row.filename, content_type)
