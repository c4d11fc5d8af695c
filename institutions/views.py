from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zpb.lib.sections import collect

from .forms import CoordinatorAddForm, InstitutionContactForm, InstitutionFilterForm, InstitutionForm, UserForm
from .models import Institution, User
from .permissions import kwp_required, role_required
from .selectors import get_institution_for_user, get_user_for_user, institution_list_for_user, institution_search, user_list_for_user
from .signals import institution_sections
from .services import InstitutionError, coordinator_add, coordinator_remove, institution_save, institution_set_active, user_save

PAGE_SIZE = 25


@role_required(User.Role.KWP_STAFF, User.Role.COORDINATOR)
def institution_list(request: HttpRequest) -> HttpResponse:
    qs = institution_list_for_user(user=request.user)
    form = InstitutionFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    active = filters.get("active") or "yes"
    qs = institution_search(qs, **{**filters, "active": active})
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "institutions/institution/list.html", {"form": form, "page": page})


@kwp_required
def institution_create(request: HttpRequest) -> HttpResponse:
    form = InstitutionForm(request.POST or None)
    if form.is_valid():
        institution = institution_save(institution=form.save(commit=False))
        messages.success(request, _("The institution was added."))
        return redirect(institution)
    return render(request, "institutions/institution/form.html", {"form": form})


@login_required
def institution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    institution = get_institution_for_user(user=request.user, pk=pk)
    context = {
        "institution": institution,
        "coordinators": institution.coordinators.order_by("last_name"),
        "partnerships": institution.partnerships.select_related("partner").order_by("-ended_on", "partner__name"),
        "coordinator_form": CoordinatorAddForm() if request.user.is_kwp else None,
        "sections": collect(institution_sections, institution=institution, request=request),
    }
    return render(request, "institutions/institution/detail.html", context)


@login_required
def institution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    institution = get_institution_for_user(user=request.user, pk=pk, write=True)
    form_class = InstitutionForm if request.user.is_kwp else InstitutionContactForm
    form = form_class(request.POST or None, instance=institution)
    if form.is_valid():
        institution_save(institution=form.save(commit=False))
        messages.success(request, _("Changes saved."))
        return redirect(institution)
    return render(request, "institutions/institution/form.html", {"form": form, "institution": institution})


@require_POST
@kwp_required
def institution_toggle_active(request: HttpRequest, pk: int) -> HttpResponse:
    institution = get_institution_for_user(user=request.user, pk=pk, write=True)
    institution_set_active(institution=institution, active=not institution.is_active)
    if institution.is_active:
        messages.success(request, _("The institution is active again."))
    else:
        messages.success(request, _("The institution was deactivated. Its history is kept."))
    return redirect(institution)


@require_POST
@kwp_required
def coordinator_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    institution = get_institution_for_user(user=request.user, pk=pk, write=True)
    form = CoordinatorAddForm(request.POST)
    if form.is_valid():
        try:
            coordinator_add(institution=institution, user=form.cleaned_data["user"])
            messages.success(request, _("Coordinator added."))
        except InstitutionError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("Choose a coordinator from the list."))
    return redirect(institution)


@require_POST
@kwp_required
def coordinator_remove_view(request: HttpRequest, pk: int, user_pk: int) -> HttpResponse:
    institution = get_institution_for_user(user=request.user, pk=pk, write=True)
    user = get_object_or_404(institution.coordinators, pk=user_pk)
    coordinator_remove(institution=institution, user=user)
    messages.success(request, _("Coordinator removed from this institution."))
    return redirect(institution)


@kwp_required
def user_list(request: HttpRequest) -> HttpResponse:
    qs = user_list_for_user(user=request.user)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(last_name__icontains=q) | Q(email__icontains=q) | Q(username__icontains=q))
    role = request.GET.get("role", "")
    if role in User.Role.values:
        qs = qs.filter(role=role)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "institutions/user/list.html", {"page": page, "q": q, "role": role, "roles": User.Role.choices})


@kwp_required
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserForm(request.POST or None, initial={"is_active": True})
    if form.is_valid():
        user_save(user=form.save(commit=False))
        messages.success(request, _("The account was created and an e-mail to set the password was sent."))
        return redirect("institutions:user-list")
    return render(request, "institutions/user/form.html", {"form": form})


@kwp_required
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_user_for_user(user=request.user, pk=pk)
    form = UserForm(request.POST or None, instance=account)
    if form.is_valid():
        user_save(user=form.save(commit=False))
        messages.success(request, _("Changes saved."))
        return redirect("institutions:user-list")
    institutions = Institution.objects.filter(coordinators=account)
    return render(request, "institutions/user/form.html", {"form": form, "account": account, "institutions": institutions})


@kwp_required
def rspo_import_upload(request: HttpRequest) -> HttpResponse:
    return render(request, "institutions/rspo/upload.html", {})
