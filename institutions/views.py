from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.lib.http import query_text
from core.lib.sections import collect
from core.ui import PAGE_SIZE
from institutions.authenticated import AuthenticatedHttpRequest

from . import rspo
from .forms import (
    ApplicationFilterForm,
    CoordinatorAddForm,
    CoordinatorInviteForm,
    InstitutionContactForm,
    InstitutionFilterForm,
    InstitutionForm,
    RejectForm,
    RspoUploadForm,
    UserForm,
)
from .models import Application, User
from .permissions import kwp_required, role_required
from .selectors import (
    PICKER_LIMIT,
    PICKER_MIN_CHARS,
    application_list_for_user,
    application_search,
    application_similar_institutions,
    coordinator_candidate_search,
    get_application_for_user,
    get_institution_for_user,
    get_rspo_import_for_user,
    get_user_for_user,
    institution_list_for_user,
    institution_search,
    institutions_coordinated_by,
    rspo_import_list_for_user,
    user_list_for_user,
    user_search,
)
from .services import InstitutionError, applications, invitations, rspo_imports, users
from .services import institutions as institutions_services
from .services.institutions import (
    coordinator_invite as coordinator_invite_service,
)
from .signals import institution_sections


@role_required(User.Role.KWP_STAFF, User.Role.COORDINATOR)
def institution_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    qs = institution_list_for_user(user=request.user)
    form = InstitutionFilterForm(request.GET or None)
    qs = institution_search(qs, **form.filters())
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "institutions/institution/list.html", {"form": form, "page": page})


@kwp_required
def institution_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = InstitutionForm(request.POST or None)
    if form.is_valid():
        institution = institutions_services.institution_save(institution=form.save(commit=False))
        messages.success(request, _("The institution was added."))
        return redirect(institution)
    return render(request, "institutions/institution/form.html", {"form": form})


@login_required
def institution_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    institution = get_institution_for_user(user=request.user, pk=pk)
    context = {
        "institution": institution,
        "coordinators": institution.coordinators.order_by("last_name"),
        "coordinator_form": CoordinatorAddForm(institution=institution) if request.user.is_kwp else None,
        "sections": collect(institution_sections, institution=institution, request=request),
    }
    return render(request, "institutions/institution/detail.html", context)


@login_required
def institution_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    institution = get_institution_for_user(user=request.user, pk=pk, write=True)
    form_class = InstitutionForm if request.user.is_kwp else InstitutionContactForm
    form = form_class(request.POST or None, instance=institution)
    if form.is_valid():
        institutions_services.institution_save(institution=form.save(commit=False))
        messages.success(request, _("Changes saved."))
        return redirect(institution)
    return render(request, "institutions/institution/form.html", {"form": form, "institution": institution})


@require_POST
@kwp_required
def institution_toggle_active(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    institution = get_institution_for_user(user=request.user, pk=pk, write=True)
    institutions_services.institution_set_active(institution=institution, active=not institution.is_active)
    if institution.is_active:
        messages.success(request, _("The institution is active again."))
    else:
        messages.success(request, _("The institution was deactivated. Its history is kept."))
    return redirect(institution)


@require_POST
@kwp_required
def coordinator_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    institution = get_institution_for_user(user=request.user, pk=pk, write=True)
    form = CoordinatorAddForm(request.POST, institution=institution)
    if form.is_valid():
        try:
            institutions_services.coordinator_add(institution=institution, user=form.cleaned_data["user"])
            messages.success(request, _("Coordinator added."))
        except InstitutionError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("Choose a coordinator from the list."))
    return redirect(institution)


@kwp_required
def coordinator_search(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The picker's results (htmx, as the KWP types): a few candidates, never the whole list."""
    institution = get_institution_for_user(user=request.user, pk=pk, write=True)
    query = query_text(request, "query")
    found = coordinator_candidate_search(institution=institution, q=query)
    context = {"query": query, "results": found[:PICKER_LIMIT], "more": len(found) > PICKER_LIMIT,
               "too_short": 0 < len(query) < PICKER_MIN_CHARS, "min_chars": PICKER_MIN_CHARS}
    return render(request, "institutions/institution/_coordinator_results.html", context)


@require_POST
@kwp_required
def coordinator_remove(request: AuthenticatedHttpRequest, pk: int, user_pk: int) -> HttpResponse:
    institution = get_institution_for_user(user=request.user, pk=pk, write=True)
    user = get_object_or_404(institution.coordinators, pk=user_pk)
    institutions_services.coordinator_remove(institution=institution, user=user)
    messages.success(request, _("Coordinator removed from this institution."))
    return redirect(institution)


@kwp_required
def user_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    q, role = query_text(request, "q"), query_text(request, "role")
    active = query_text(request, "active", "yes")
    qs = user_search(user_list_for_user(user=request.user), q=q, role=role, active=active)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "q": q, "role": role, "roles": User.Role.choices, "active": active}
    return render(request, "institutions/user/list.html", context)


@kwp_required
def user_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = UserForm(request.POST or None, initial={"is_active": True})
    if form.is_valid():
        users.user_save(user=form.save(commit=False), by=request.user)
        messages.success(request, _("The account was created and an e-mail to set the password was sent."))
        return redirect("institutions:user-list")
    return render(request, "institutions/user/form.html", {"form": form})


@kwp_required
def user_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    account = get_user_for_user(user=request.user, pk=pk)
    form = UserForm(request.POST or None, instance=account, editor=request.user)
    if form.is_valid():
        users.user_save(user=form.save(commit=False), by=request.user)
        messages.success(request, _("Changes saved."))
        return redirect("institutions:user-list")
    institutions = institutions_coordinated_by(user=account)
    invitation = account.invitations.first()
    context = {"form": form, "account": account, "institutions": institutions, "invitation": invitation,
               "can_invite": account.is_active and account.email and not account.has_usable_password()}
    return render(request, "institutions/user/form.html", context)


@kwp_required
def rspo_import_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = RspoUploadForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        rspo_import = rspo_imports.rspo_import_create(
            filename=form.cleaned_data["file"].name, content=form.content, by=request.user
        )
        return redirect("institutions:rspo-import-preview", pk=rspo_import.pk)
    imports = rspo_import_list_for_user(user=request.user)[:20]
    return render(request, "institutions/rspo/upload.html", {"form": form, "imports": imports})


@kwp_required
def rspo_import_preview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    rspo_import = get_rspo_import_for_user(user=request.user, pk=pk)
    # An applied import is history: planning it again would only show "unchanged" everywhere.
    results = [] if rspo_import.applied_at else rspo.plan(rspo.parse(rspo_import.content))
    groups = [(action, [r for r in results if r.action == action]) for action in rspo.Action]
    context = {"rspo_import": rspo_import, "results": results, "groups": groups, "counts": rspo.counts(results)}
    return render(request, "institutions/rspo/preview.html", context)


@require_POST
@kwp_required
def rspo_import_apply(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    rspo_import = get_rspo_import_for_user(user=request.user, pk=pk)
    try:
        rspo_import = rspo_imports.rspo_import_apply(rspo_import=rspo_import, by=request.user)
    except InstitutionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _(
            "The import was applied. "
            "New: %(created)d, changed: %(updated)d, unchanged: %(unchanged)d, rejected: %(rejected)d."
        ) % {"created": rspo_import.created_count, "updated": rspo_import.updated_count,
             "unchanged": rspo_import.unchanged_count, "rejected": rspo_import.rejected_count})
    return redirect("institutions:rspo-import-preview", pk=rspo_import.pk)


@require_POST
@kwp_required
def user_toggle_active(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    account = get_user_for_user(user=request.user, pk=pk)
    try:
        users.user_set_active(user=account, active=not account.is_active, by=request.user)
    except InstitutionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The account is active again.") if account.is_active else
                         _("The account was deactivated: it cannot sign in, its history is kept."))
    return redirect("institutions:user-edit", pk=account.pk)


@require_POST
@kwp_required
def user_invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    account = get_user_for_user(user=request.user, pk=pk)
    try:
        invitations.invitation_send(user=account, by=request.user)
    except InstitutionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("A new invitation was sent to %(email)s; earlier links no longer work.")
                         % {"email": account.email})
    return redirect("institutions:user-edit", pk=account.pk)


@kwp_required
def coordinator_invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Invite a person to coordinate the institution: a new account, or an existing coordinator linked."""
    institution = get_institution_for_user(user=request.user, pk=pk, write=True)
    form = CoordinatorInviteForm(request.POST or None)
    if form.is_valid():
        try:
            created = coordinator_invite_service(institution=institution, by=request.user, **form.cleaned_data)
        except InstitutionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The account was created and an invitation was sent.") if created else
                             _("An existing coordinator account was linked to this institution."))
            return redirect(institution)
    return render(request, "institutions/institution/coordinator_invite.html",
                  {"form": form, "institution": institution})


# --- Applications to join the programme ------------------------------------------------------


@kwp_required
def application_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    status = query_text(request, "status", Application.Status.NEW)
    if status not in Application.Status.values:
        status = Application.Status.NEW
    form = ApplicationFilterForm(request.GET or None)
    county = form.cleaned_data.get("county") if form.is_valid() else None
    qs = application_search(application_list_for_user(user=request.user), status=status, county=county)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "form": form, "status": status, "statuses": Application.Status.choices}
    return render(request, "institutions/application/list.html", context)


@kwp_required
def application_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(user=request.user, pk=pk)
    context = {
        "application": application,
        "coordinators": application.coordinators.all(),
        "events": application.events.select_related("by"),
        "similar": application_similar_institutions(application=application),
        "reject_form": RejectForm(),
    }
    return render(request, "institutions/application/detail.html", context)


@require_POST
@kwp_required
def application_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(user=request.user, pk=pk)
    try:
        institution = applications.application_accept(application=application, by=request.user)
    except InstitutionError as exc:
        messages.error(request, str(exc))
        return redirect(application)
    messages.success(request, _("The application was accepted; the coordinators received their invitations."))
    return redirect(institution)


@require_POST
@kwp_required
def application_reject(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(user=request.user, pk=pk)
    form = RejectForm(request.POST)
    try:
        applications.application_reject(application=application, by=request.user,
                           reason=form.cleaned_data["reason"] if form.is_valid() else "")
    except InstitutionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The application was rejected and the applicant informed."))
    return redirect(application)
