"""Rulebook versions and their catalogues, editions and enrolment (KWP staff; coordinators enrol)."""

import datetime
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.lib.http import query_text
from core.lib.sections import collect
from core.ui import PAGE_SIZE
from core.views import run_service
from institutions.authenticated import AuthenticatedHttpRequest
from institutions.models import Programme, User
from institutions.permissions import kwp_required, role_required
from institutions.selectors import get_institution_for_user, institution_list_for_user, institution_search

from ..forms.editions import (
    AreaForm,
    CriterionForm,
    DeadlineExtensionForm,
    EditionForm,
    EnrolFilterForm,
    EnrolManyForm,
    EnrolmentForm,
    RulebookCopyForm,
    RulebookForm,
)
from ..models import Criterion, CriterionArea, RulebookVersion, Stage
from ..selectors.editions import (
    catalogue_check,
    edition_enrolments,
    edition_list_for_user,
    edition_stage_counts,
    get_area_for_user,
    get_criterion_for_user,
    get_edition_for_enrolment,
    get_edition_for_user,
    get_enrolment_for_user,
    get_rulebook_for_user,
    institutions_enrolable,
    rulebook_catalogue,
    rulebook_editions,
    rulebook_list_for_user,
    school_year_start,
    withdrawn_enrolments,
)
from ..services import editions as services
from ..services.editions import EditionsError
from ..signals import edition_sections, enrolment_sections

ENROL_PAGE_SIZE = 50



def _refuse_if_locked(request: AuthenticatedHttpRequest, rulebook: RulebookVersion) -> HttpResponse | None:
    if rulebook.is_locked:  # type: ignore[attr-defined]  # annotated by get_rulebook_for_user
        messages.error(request, services.locked_message())
        return redirect(rulebook)
    return None



# --- Rulebooks ---------------------------------------------------------------------------


@kwp_required
def rulebook_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    rulebooks = list(rulebook_list_for_user(request.user))
    groups = [(value, label, [r for r in rulebooks if r.programme == value]) for value, label in Programme.choices]
    return render(request, "audits/rulebook/list.html", {"groups": groups})


@kwp_required
def rulebook_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    programme = request.GET.get("programme") if request.GET.get("programme") in Programme.values else Programme.SPB
    form = RulebookForm(request.POST or None, initial={"programme": programme})
    if form.is_valid() and run_service(request, lambda: services.rulebook_save(rulebook=form.instance), form=form):
        messages.success(request, _("The rulebook version was created. Now add its areas and criteria."))
        return redirect(form.instance)
    return render(request, "audits/rulebook/form.html", {"form": form})


@kwp_required
def rulebook_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    rulebook = get_rulebook_for_user(request.user, pk)
    context = {"rulebook": rulebook, "areas": rulebook_catalogue(rulebook), "check": catalogue_check(rulebook),
               "editions": rulebook_editions(rulebook), "copies": rulebook.copies.all()}
    return render(request, "audits/rulebook/detail.html", context)


@kwp_required
def rulebook_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    rulebook = get_rulebook_for_user(request.user, pk)
    if refused := _refuse_if_locked(request, rulebook):
        return refused
    form = RulebookForm(request.POST or None, instance=rulebook)
    if form.is_valid() and run_service(request, lambda: services.rulebook_save(rulebook=form.instance), form=form):
        messages.success(request, _("Changes saved."))
        return redirect(rulebook)
    return render(request, "audits/rulebook/form.html", {"form": form, "rulebook": rulebook})


def _next_version_name(name: str, year: int) -> str:
    return re.sub(r"\(wersja \d{4}\)", f"(wersja {year})", name) if "(wersja " in name else name


@kwp_required
def rulebook_copy(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    rulebook = get_rulebook_for_user(request.user, pk)
    year = school_year_start(timezone.localdate()) + 1
    initial = {"name": _next_version_name(rulebook.name, year), "effective_from": datetime.date(year, 9, 1)}
    form = RulebookCopyForm(request.POST or None, initial=initial)
    if form.is_valid() and (
        copy := run_service(request, lambda: services.rulebook_copy(rulebook=rulebook, **form.cleaned_data), form=form)
    ):
        messages.success(request, _("A new version was made. Its catalogue can be changed until an edition uses it."))
        return redirect(copy.value)
    return render(request, "audits/rulebook/copy.html", {"form": form, "rulebook": rulebook})


@require_POST
@kwp_required
def rulebook_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    rulebook = get_rulebook_for_user(request.user, pk)
    if run_service(
        request, lambda: services.rulebook_delete(rulebook=rulebook), success=_("The rulebook version was deleted.")
    ):
        return redirect("audits:rulebook-list")
    return redirect(rulebook)


@kwp_required
def area_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    rulebook = get_rulebook_for_user(request.user, pk)
    if refused := _refuse_if_locked(request, rulebook):
        return refused
    number = (rulebook.areas.aggregate(n=Max("number"))["n"] or 0) + 1
    form = AreaForm(request.POST or None, instance=CriterionArea(rulebook=rulebook), initial={"number": number})
    if form.is_valid() and run_service(request, lambda: services.area_save(area=form.instance), form=form):
        messages.success(request, _("The area was added."))
        return redirect(rulebook)
    return render(request, "audits/rulebook/area_form.html", {"form": form, "rulebook": rulebook})


@kwp_required
def area_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    area = get_area_for_user(request.user, pk)
    rulebook = get_rulebook_for_user(request.user, area.rulebook_id)
    if refused := _refuse_if_locked(request, rulebook):
        return refused
    form = AreaForm(request.POST or None, instance=area)
    if form.is_valid() and run_service(request, lambda: services.area_save(area=form.instance), form=form):
        messages.success(request, _("Changes saved."))
        return redirect(rulebook)
    return render(request, "audits/rulebook/area_form.html", {"form": form, "rulebook": rulebook, "area": area})


@require_POST
@kwp_required
def area_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    area = get_area_for_user(request.user, pk)
    run_service(request, lambda: services.area_delete(area=area), success=_("The area and its criteria were deleted."))
    return redirect(area.rulebook)


@kwp_required
def criterion_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    area = get_area_for_user(request.user, pk)
    rulebook = get_rulebook_for_user(request.user, area.rulebook_id)
    if refused := _refuse_if_locked(request, rulebook):
        return refused
    count = area.criteria.count()
    form = CriterionForm(request.POST or None, instance=Criterion(area=area),
                         initial={"code": f"{area.number}.{count + 1}", "position": count + 1})
    if form.is_valid() and run_service(request, lambda: services.criterion_save(criterion=form.instance), form=form):
        messages.success(request, _("The criterion was added."))
        return redirect(rulebook)
    return render(request, "audits/rulebook/criterion_form.html", {"form": form, "rulebook": rulebook, "area": area})


@kwp_required
def criterion_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    criterion = get_criterion_for_user(request.user, pk)
    rulebook = get_rulebook_for_user(request.user, criterion.area.rulebook_id)
    if refused := _refuse_if_locked(request, rulebook):
        return refused
    form = CriterionForm(request.POST or None, instance=criterion)
    if form.is_valid() and run_service(request, lambda: services.criterion_save(criterion=form.instance), form=form):
        messages.success(request, _("Changes saved."))
        return redirect(rulebook)
    context = {"form": form, "rulebook": rulebook, "area": criterion.area, "criterion": criterion}
    return render(request, "audits/rulebook/criterion_form.html", context)


@require_POST
@kwp_required
def criterion_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    criterion = get_criterion_for_user(request.user, pk)
    run_service(
        request, lambda: services.criterion_delete(criterion=criterion), success=_("The criterion was deleted.")
    )
    return redirect(criterion.area.rulebook)


# --- Editions ----------------------------------------------------------------------------


@kwp_required
def edition_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    editions = edition_list_for_user(request.user)
    return render(request, "audits/edition/list.html", {"editions": editions})


@kwp_required
def edition_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    asked = query_text(request, "start_year")
    start_year = (
        int(asked)
        if asked.isdecimal() and asked.isascii() and 2000 <= int(asked) <= 2100
        else services.edition_next_start_year()
    )
    defaults = services.edition_defaults(start_year)
    form = EditionForm(request.POST or None, initial=defaults)
    if form.is_valid() and run_service(request, lambda: services.edition_save(edition=form.instance), form=form):
        messages.success(request, _("Edition %(name)s was created.") % {"name": form.instance.name})
        return redirect(form.instance)
    return render(request, "audits/edition/form.html", {"form": form})


@kwp_required
def edition_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    edition = get_edition_for_user(request.user, pk)
    filters = {key: query_text(request, key) for key in ("q", "stage", "programme")}
    enrolments = edition_enrolments(edition, **filters)
    context = {
        "edition": edition, "filters": filters, "stages": Stage.choices, "programmes": Programme.choices,
        "page": Paginator(enrolments, PAGE_SIZE).get_page(request.GET.get("page")),
        "stage_counts": [(Stage(s).label, n) for s, n in edition_stage_counts(edition).items()],
        "withdrawn": withdrawn_enrolments(edition)[:20],
        "enrolment_refusal": services.enrolment_refusal(edition, by=request.user),
        "sections": collect(edition_sections, edition=edition, request=request),
    }
    return render(request, "audits/edition/detail.html", context)


@kwp_required
def edition_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    edition = get_edition_for_user(request.user, pk)
    form = EditionForm(request.POST or None, instance=edition)
    if form.is_valid() and run_service(request, lambda: services.edition_save(edition=form.instance), form=form):
        messages.success(request, _("Changes saved."))
        return redirect(edition)
    return render(request, "audits/edition/form.html", {"form": form, "edition": edition})


@kwp_required
def edition_enrol(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Enrol several institutions at once, chosen from a filtered list of those not yet enrolled."""
    edition = get_edition_for_user(request.user, pk)
    candidates = institutions_enrolable(edition, institution_list_for_user(user=request.user))
    filters = EnrolFilterForm(request.GET or None)
    shown = institution_search(candidates, **(filters.cleaned_data if filters.is_valid() else {}))
    form = EnrolManyForm(request.POST or None, queryset=candidates)
    if form.is_valid():
        result = services.enrolment_create_many(edition=edition, institutions=list(form.cleaned_data["institutions"]),
                                       stage=form.cleaned_data["stage"] or None, by=request.user)
        if result.enrolled:
            messages.success(request, _("Institutions enrolled: %(count)s.") % {"count": len(result.enrolled)})
        for institution, reason in result.refused:
            messages.warning(request, f"{institution}: {reason}")
        return redirect(edition)
    page = Paginator(shown, ENROL_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"edition": edition, "filters": filters, "form": form, "page": page,
               "refusal": services.enrolment_refusal(edition, by=request.user)}
    return render(request, "audits/edition/enrol.html", context)


# --- Enrolments --------------------------------------------------------------------------


@role_required(User.Role.KWP_STAFF, User.Role.COORDINATOR)
def enrolment_create(request: AuthenticatedHttpRequest, pk: int, institution_pk: int) -> HttpResponse:
    """One institution's enrolment: its coordinator (while enrolment is open) or KWP staff choose the stage."""
    institution = get_institution_for_user(user=request.user, pk=institution_pk, write=True)
    edition = get_edition_for_enrolment(request.user, pk)
    existing = edition.enrolments.filter(institution=institution).first()
    stages = services.stages_available(institution, edition)
    form = EnrolmentForm(request.POST or None, stages=stages, initial={"stage": services.first_offered(stages)})
    if not existing and form.is_valid():
        try:
            enrolment = services.enrolment_create(
                edition=edition, institution=institution, stage=form.cleaned_data["stage"], by=request.user
            )
        except EditionsError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("%(institution)s is enrolled in edition %(edition)s.")
                             % {"institution": institution, "edition": edition.name})
            return redirect(enrolment)
    context = {"institution": institution, "edition": edition, "existing": existing, "form": form,
               "options": [(s.value, s.label, stages[s.value]) for s in Stage],
               "refusal": services.enrolment_refusal(edition, by=request.user)}
    return render(request, "audits/enrolment/form.html", context)


@login_required
def enrolment_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    enrolment = get_enrolment_for_user(request.user, pk)
    context = {
        "enrolment": enrolment,
        "history": enrolment.history.select_related("history_user") if request.user.is_kwp else None,
        "sections": collect(enrolment_sections, enrolment=enrolment, request=request),
    }
    return render(request, "audits/enrolment/detail.html", context)


@kwp_required
def enrolment_extend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    enrolment = get_enrolment_for_user(request.user, pk, write=True)
    form = DeadlineExtensionForm(request.POST or None, initial={"until": enrolment.deadline_extended_until})
    if form.is_valid() and run_service(
        request,
        lambda: services.enrolment_extend_deadline(
            enrolment=enrolment, until=form.cleaned_data["until"], by=request.user
        ),
        form=form,
    ):
        messages.success(request, _("The self-assessment deadline of this institution was changed."))
        return redirect(enrolment)
    return render(request, "audits/enrolment/extend.html", {"form": form, "enrolment": enrolment})


@require_POST
@kwp_required
def enrolment_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    enrolment = get_enrolment_for_user(request.user, pk, write=True)
    if run_service(
        request,
        lambda: services.enrolment_withdraw(enrolment=enrolment, by=request.user),
        success=_("The enrolment was withdrawn."),
    ):
        return redirect(enrolment.edition)
    return redirect(enrolment)
