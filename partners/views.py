from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from core.lib.http import query_text
from core.ui import PAGE_SIZE
from institutions.authenticated import AuthenticatedHttpRequest
from institutions.permissions import kwp_required
from institutions.selectors import get_institution_for_user

from . import services
from .forms import (
    PartnerCreateForm,
    PartnerFilterForm,
    PartnerForm,
    PartnerMergeForm,
    PartnerSelectionForm,
    PartnershipEndForm,
    PartnershipForm,
)
from .selectors import (
    get_directory_entry,
    get_partner_for_user,
    get_partnership_for_user,
    partner_directory_search,
    partner_list_for_user,
    partner_merge_preview,
    partner_search,
    partner_similar,
    partnership_list_for_partner,
)
from .services import DuplicatePartnerError, PartnerError

# --- The directory (KWP staff) -----------------------------------------------------------


@kwp_required
def partner_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PartnerFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = partner_search(partner_list_for_user(user=request.user), **filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "partners/partner/list.html", {"form": form, "page": page})


@kwp_required
def partner_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PartnerCreateForm(request.POST or None)
    duplicates = []
    if form.is_valid():
        data = {**form.cleaned_data}
        allow_duplicate = data.pop("add_anyway")
        try:
            partner = services.partner_create(by=request.user, allow_duplicate=allow_duplicate, **data)
        except DuplicatePartnerError as exc:
            duplicates = exc.duplicates
        else:
            messages.success(request, _("The partner was added to the directory."))
            return redirect(partner)
    return render(request, "partners/partner/form.html", {"form": form, "duplicates": duplicates})


@kwp_required
def partner_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partner = get_partner_for_user(user=request.user, pk=pk)
    context = {
        "partner": partner,
        # A regional partner (the Kuratorium) works with hundreds of institutions.
        "partnerships": Paginator(partnership_list_for_partner(partner=partner), PAGE_SIZE).get_page(
            request.GET.get("page")),
        "similar": partner_similar(partner=partner),
    }
    return render(request, "partners/partner/detail.html", context)


@kwp_required
def partner_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partner = get_partner_for_user(user=request.user, pk=pk)
    form = PartnerForm(request.POST or None, instance=partner)
    if form.is_valid():
        services.partner_update(partner=partner, by=request.user, **form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect(partner)
    return render(request, "partners/partner/form.html", {"form": form, "partner": partner})


@kwp_required
def partner_merge_select(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Step 1: of the partners ticked on the list, choose the one to keep."""
    directory = partner_list_for_user(user=request.user)
    selection = PartnerSelectionForm(request.GET, directory=directory)
    if not selection.is_valid():
        messages.error(request, _("Select at least two partners to merge."))
        return redirect("partners:list")
    candidates = sorted(selection.cleaned_data["partners"], key=lambda p: (-p.partnership_count, p.pk))
    form = PartnerMergeForm(initial={"partners": candidates, "keep": candidates[0]}, directory=directory)
    return render(request, "partners/partner/merge_select.html", {"form": form, "candidates": candidates})


@require_POST
@kwp_required
def partner_merge_confirm(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Step 2: show what will move; step 3 (with `confirm`): merge."""
    form = PartnerMergeForm(request.POST, directory=partner_list_for_user(user=request.user))
    if not form.is_valid():
        candidates = form.cleaned_data.get("partners") or []
        return render(request, "partners/partner/merge_select.html", {"form": form, "candidates": candidates})
    keep, duplicates = form.cleaned_data["keep"], form.duplicates
    if request.POST.get("confirm"):
        try:
            moved = services.partner_merge(keep=keep, duplicates=duplicates, by=request.user)
        except PartnerError as exc:
            messages.error(request, str(exc))
            return redirect("partners:list")
        text = ngettext("Partners merged: %(count)d record moved to %(name)s.",
                        "Partners merged: %(count)d records moved to %(name)s.", moved)
        messages.success(request, text % {"count": moved, "name": keep})
        return redirect(keep)
    context = {
        "form": form,
        "keep": keep,
        "duplicates": duplicates,
        "moving": partner_merge_preview(duplicates=duplicates),
    }
    return render(request, "partners/partner/merge_confirm.html", context)


# --- Partnerships of an institution (coordinators of it, KWP staff) -------------------------


@vary_on_headers("HX-Request")  # the same URL answers htmx with only the results
@login_required
def partnership_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Pick an existing partner by search (live with htmx, or a plain GET form), or add a new one."""
    institution = get_institution_for_user(user=request.user, pk=pk, write=True)
    q = query_text(request, "q")
    results = partner_directory_search(q=q, institution=institution) if q else None
    context = {"institution": institution, "q": q, "results": results}
    if request.htmx and request.method == "GET":
        return render(request, "partners/partnership/_search_results.html", context)
    form = PartnerCreateForm(request.POST or None, prefix="partner")
    partnership_form = PartnershipForm(request.POST or None, prefix="partnership")
    if all([form.is_valid(), partnership_form.is_valid()]):
        data = {**form.cleaned_data}
        allow_duplicate = data.pop("add_anyway")
        try:
            services.partnership_create_with_partner(institution=institution, partner_fields=data, by=request.user,
                                            allow_duplicate=allow_duplicate, **partnership_form.cleaned_data)
        except DuplicatePartnerError as exc:
            context["duplicates"] = exc.duplicates
        except ValidationError as exc:
            partnership_form.add_error(None, exc)
        else:
            messages.success(request, _("The partner was added."))
            return redirect(institution)
    return render(
        request, "partners/partnership/add.html", {**context, "form": form, "partnership_form": partnership_form}
    )


@login_required
def partnership_add_existing(request: AuthenticatedHttpRequest, pk: int, partner_pk: int) -> HttpResponse:
    institution = get_institution_for_user(user=request.user, pk=pk, write=True)
    partner = get_directory_entry(pk=partner_pk)
    form = PartnershipForm(request.POST or None, initial={"started_on": timezone.localdate()})
    if form.is_valid():
        try:
            services.partnership_create(institution=institution, partner=partner, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The partner was added."))
            return redirect(institution)
    return render(
        request, "partners/partnership/form.html", {"institution": institution, "partner": partner, "form": form}
    )


@login_required
def partnership_edit(request: AuthenticatedHttpRequest, pk: int, partnership_pk: int) -> HttpResponse:
    institution = get_institution_for_user(user=request.user, pk=pk, write=True)
    partnership = get_partnership_for_user(user=request.user, institution=institution, pk=partnership_pk)
    form = PartnershipForm(request.POST or None, instance=partnership)
    if form.is_valid():
        services.partnership_update(partnership=partnership, by=request.user, **form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect(institution)
    context = {"institution": institution, "partner": partnership.partner, "partnership": partnership, "form": form}
    return render(request, "partners/partnership/form.html", context)


@login_required
def partnership_end(request: AuthenticatedHttpRequest, pk: int, partnership_pk: int) -> HttpResponse:
    institution = get_institution_for_user(user=request.user, pk=pk, write=True)
    partnership = get_partnership_for_user(user=request.user, institution=institution, pk=partnership_pk)
    form = PartnershipEndForm(request.POST or None)
    if form.is_valid():
        try:
            services.partnership_end(partnership=partnership, ended_on=form.cleaned_data["ended_on"], by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The partnership was ended."))
            return redirect(institution)
    return render(
        request, "partners/partnership/end.html", {"institution": institution, "partnership": partnership, "form": form}
    )
