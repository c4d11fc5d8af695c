"""Self-assessment pages: the coordinator fills it in by sections, KWP staff review it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.lib.sections import collect
from core.lib.storage import stored_file_response
from core.ui import PAGE_SIZE
from core.views import run_service
from institutions.authenticated import AuthenticatedHttpRequest
from institutions.models import User
from institutions.permissions import kwp_required, role_required

from ..forms.self_assessments import (
    AcceptForm,
    ActionPlanItemForm,
    CriterionAnswerForm,
    DangerousPlaceForm,
    DangerousPlaceStatusForm,
    DeleteForm,
    DiagnosisForm,
    ReturnForm,
    ReviewFilterForm,
)
from ..models import SelfAssessment
from ..selectors import self_assessments as selectors
from ..selectors.audits import previous_recommendations, recommendation_rows
from ..selectors.carry_over import carry_over_offer, previous_self_assessment
from ..selectors.comparison import previous_scores
from ..selectors.confirmations import confirmations_by_item
from ..selectors.self_assessments import CriterionRow
from ..services import self_assessments as services
from ..services.protocols import recommendation_answers_save
from ..signals import self_assessment_sections
from ..uploads import content_disposition
from .carry_over import carry_over_after_start


def _page(request: AuthenticatedHttpRequest, assessment: SelfAssessment, tab: str, **context) -> HttpResponse:
    """One tab of the self-assessment page, under the common header (status, progress, deadline)."""
    user = request.user
    base = {
        "assessment": assessment, "tab": tab, "enrolment": assessment.enrolment,
        "institution": assessment.enrolment.institution, "progress": selectors.progress_of(assessment),
        "can_edit": user.is_coordinator and assessment.is_editable, "last_return": selectors.last_return(assessment),
    }
    return render(request, f"audits/self_assessment/{tab}.html", base | context)



@role_required(User.Role.COORDINATOR)
def self_assessment_open(request: AuthenticatedHttpRequest, enrolment_pk: int) -> HttpResponse:
    """GET shows the self-assessment, or offers to start it; only the POST of that button creates the draft
    (a GET never writes: link previews, prefetching and the reminder e-mail's link open this URL)."""
    enrolment = selectors.get_enrolment_for_coordinator(user=request.user, pk=enrolment_pk)
    if request.method == "POST":
        assessment = services.self_assessment_open(enrolment=enrolment, by=request.user)
        carry_over_after_start(request, assessment)
        return redirect(assessment)
    existing = SelfAssessment.objects.filter(enrolment=enrolment).first()
    if existing is not None:
        return redirect(existing)
    previous = previous_self_assessment(enrolment=enrolment)
    return render(request, "audits/self_assessment/start.html", {"enrolment": enrolment, "previous": previous})


@login_required
def self_assessment_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.get_self_assessment_for_user(user=request.user, pk=pk)
    context = {
        "missing": selectors.self_assessment_missing(assessment) if assessment.is_editable else [],
        "deadline_passed": selectors.deadline_passed(assessment),
        "events": selectors.events_of(assessment),
        "return_form": ReturnForm(), "accept_form": AcceptForm(),
        "carry_over_from": carry_over_offer(assessment=assessment) if request.user.is_coordinator else None,
        "recommendation_rows": recommendation_rows(self_assessment=assessment),
    }
    return _page(request, assessment, "detail", **context)


@require_POST
@login_required
def self_assessment_recommendations(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The coordinator's answers to last edition's recommendations (one text per recommendation)."""
    assessment = selectors.get_self_assessment_for_user(user=request.user, pk=pk, write=True)
    recommendations = previous_recommendations(enrolment=assessment.enrolment)
    answers = {r.pk: request.POST.get(f"answer-{r.pk}", "") for r in recommendations}
    run_service(
        request,
        lambda: recommendation_answers_save(assessment=assessment, recommendations=recommendations, answers=answers,
                                            by=request.user),
        success=_("The answers were saved."),
    )
    return redirect(f"{assessment.get_absolute_url()}#recommendations")


@login_required
def self_assessment_diagnosis(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.get_self_assessment_for_user(user=request.user, pk=pk, write=request.method == "POST")
    form = DiagnosisForm(request.POST or None, instance=assessment)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run_service(
            request,
            lambda: services.self_assessment_diagnosis_save(
                assessment=assessment, version=data["version"], data=data, by=request.user
            ),
            success=_("The diagnosis was saved."),
        )
        return redirect("audits:self-assessment-diagnosis", pk=assessment.pk)
    return _diagnosis_page(request, assessment, form=form)


def _diagnosis_page(request: AuthenticatedHttpRequest, assessment: SelfAssessment, **forms) -> HttpResponse:
    forms.setdefault("form", DiagnosisForm(instance=assessment))
    forms.setdefault("place_form", DangerousPlaceForm(assessment=assessment))
    sections = collect(self_assessment_sections, assessment=assessment, tab="diagnosis", request=request)
    places = [(p, DangerousPlaceStatusForm(instance=p, prefix=f"p{p.pk}")) for p in selectors.places_of(assessment)]
    return _page(request, assessment, "diagnosis", sections=sections, places=places, **forms)


@require_POST
@login_required
def dangerous_place_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Add a place to the list; a refused form is shown again on the diagnosis tab."""
    assessment = selectors.get_self_assessment_for_user(user=request.user, pk=pk, write=True)
    form = DangerousPlaceForm(request.POST, assessment=assessment)
    if form.is_valid() and run_service(
        request, lambda: services.dangerous_place_add(assessment=assessment, data=form.cleaned_data, by=request.user),
        form=form, success=_("The dangerous place was added."),
    ):
        return redirect(f"{reverse('audits:self-assessment-diagnosis', args=[assessment.pk])}#places")
    return _diagnosis_page(request, assessment, place_form=form)


@require_POST
@login_required
def dangerous_place_update(request: AuthenticatedHttpRequest, pk: int, place_pk: int) -> HttpResponse:
    assessment = selectors.get_self_assessment_for_user(user=request.user, pk=pk, write=True)
    place = selectors.get_place_for_user(user=request.user, assessment=assessment, pk=place_pk)
    form = DangerousPlaceStatusForm(request.POST, instance=place, prefix=f"p{place.pk}")
    if not form.is_valid():
        messages.error(request, _("The place was not changed: check the status and the date."))
    else:
        run_service(request, lambda: services.dangerous_place_update(place=place, by=request.user,
                                                                     **form.cleaned_data),
                    success=_("The dangerous place was updated."))
    return redirect(f"{reverse('audits:self-assessment-diagnosis', args=[assessment.pk])}#places")


@require_POST
@login_required
def dangerous_place_delete(request: AuthenticatedHttpRequest, pk: int, place_pk: int) -> HttpResponse:
    assessment = selectors.get_self_assessment_for_user(user=request.user, pk=pk, write=True)
    place = selectors.get_place_for_user(user=request.user, assessment=assessment, pk=place_pk)
    run_service(request, lambda: services.dangerous_place_delete(place=place, by=request.user),
                success=_("The dangerous place was removed."))
    return redirect(f"{reverse('audits:self-assessment-diagnosis', args=[assessment.pk])}#places")


@login_required
def self_assessment_plan(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.get_self_assessment_for_user(user=request.user, pk=pk, write=request.method == "POST")
    form = ActionPlanItemForm(request.POST or None, assessment=assessment)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run_service(
            request,
            lambda: services.action_item_create(
                assessment=assessment, data=data, partnerships=data["partnerships"], by=request.user
            ),
            success=_("The action was added to the plan."),
        )
        return redirect("audits:self-assessment-plan", pk=assessment.pk)
    return _page(request, assessment, "plan", form=form, items=selectors.action_items_of(assessment),
                 carry_over_from=carry_over_offer(assessment=assessment) if request.user.is_coordinator else None,
                 confirmations=confirmations_by_item(assessment))


@login_required
def action_item_edit(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    assessment = selectors.get_self_assessment_for_user(user=request.user, pk=pk, write=True)
    item = selectors.get_action_item_for_user(user=request.user, assessment=assessment, pk=item_pk)
    form = ActionPlanItemForm(request.POST or None, instance=item, assessment=assessment)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run_service(
            request,
            lambda: services.action_item_update(
                item=item, version=data["version"] or 0, data=data, partnerships=data["partnerships"], by=request.user
            ),
            success=_("The action was saved."),
        )
        return redirect("audits:self-assessment-plan", pk=assessment.pk)
    return _page(request, assessment, "plan_item", form=form, item=item)


@require_POST
@login_required
def action_item_delete(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    assessment = selectors.get_self_assessment_for_user(user=request.user, pk=pk, write=True)
    item = selectors.get_action_item_for_user(user=request.user, assessment=assessment, pk=item_pk)
    form = DeleteForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else -1
    run_service(
        request,
        lambda: services.action_item_delete(item=item, version=version, by=request.user),
        success=_("The action was removed from the plan."),
    )
    return redirect("audits:self-assessment-plan", pk=assessment.pk)


def _answer_form(row: CriterionRow) -> CriterionAnswerForm:
    answer = row.answer
    initial = {"version": answer.version, "score": answer.score, "description": answer.description} \
        if answer else {"version": 0}
    return CriterionAnswerForm(initial=initial, criterion=row.criterion, prefix=f"c{row.criterion.pk}")


def _criteria_page(
    request: AuthenticatedHttpRequest, assessment: SelfAssessment, bound: CriterionAnswerForm | None = None
):
    """The criteria tab; `bound` is a criterion's form that failed validation, shown with its errors."""
    def form_for(row: CriterionRow) -> CriterionAnswerForm:
        return bound if bound is not None and bound.criterion.pk == row.criterion.pk else _answer_form(row)

    areas = [(area, [(row, form_for(row)) for row in rows]) for area, rows in selectors.criterion_rows(assessment)]
    return _page(request, assessment, "criteria", areas=areas, previous=previous_scores(enrolment=assessment.enrolment))


@login_required
def self_assessment_criteria(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _criteria_page(request, selectors.get_self_assessment_for_user(user=request.user, pk=pk))


@require_POST
@login_required
def criterion_answer_save(request: AuthenticatedHttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    assessment = selectors.get_self_assessment_for_user(user=request.user, pk=pk, write=True)
    criterion = selectors.get_criterion_of(assessment=assessment, pk=criterion_pk)
    form = CriterionAnswerForm(request.POST, request.FILES, criterion=criterion, prefix=f"c{criterion.pk}")
    if not form.is_valid():
        messages.error(request, _("Criterion %(code)s was not saved: correct the marked fields.")
                       % {"code": criterion.code})
        return _criteria_page(request, assessment, bound=form)
    data = form.cleaned_data
    run_service(
        request,
        lambda: services.criterion_answer_save(
            assessment=assessment,
            criterion=criterion,
            version=data["version"],
            score=data["score"],
            description=data["description"],
            upload=data["file"],
            checked=form.checked,
            by=request.user,
        ),
        success=_("Criterion %(code)s was saved.") % {"code": criterion.code},
    )
    return redirect(reverse("audits:self-assessment-criteria", args=[assessment.pk]) + f"#criterion-{criterion.pk}")


@login_required
def evidence_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    evidence = selectors.get_evidence_for_user(user=request.user, pk=pk)
    try:
        response = stored_file_response(evidence.file, content_type=evidence.content_type)
    except FileNotFoundError:
        raise Http404 from None
    response["Content-Disposition"] = content_disposition(evidence.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def evidence_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    evidence = selectors.get_evidence_for_user(user=request.user, pk=pk, write=True)
    answer = evidence.answer
    run_service(
        request,
        lambda: services.evidence_delete(evidence=evidence, by=request.user),
        success=_("The file %(name)s was deleted.") % {"name": evidence.original_name},
    )
    url = reverse("audits:self-assessment-criteria", args=[answer.self_assessment_id])
    return redirect(f"{url}#criterion-{answer.criterion_id}")


@require_POST
@login_required
def self_assessment_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.get_self_assessment_for_user(user=request.user, pk=pk, write=True)
    run_service(
        request,
        lambda: services.self_assessment_submit(assessment=assessment, by=request.user),
        success=_("The self-assessment was submitted. The coordinators will receive a confirmation by e-mail."),
    )
    return redirect(assessment)


@require_POST
@kwp_required
def self_assessment_return(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.get_self_assessment_for_user(user=request.user, pk=pk)
    form = ReturnForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    run_service(
        request,
        lambda: services.self_assessment_return(assessment=assessment, by=request.user, comment=comment),
        success=_("The self-assessment was returned to the coordinators with your comment."),
    )
    return redirect(assessment)


@require_POST
@kwp_required
def self_assessment_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.get_self_assessment_for_user(user=request.user, pk=pk)
    form = AcceptForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    run_service(
        request,
        lambda: services.self_assessment_accept(assessment=assessment, by=request.user, note=note),
        success=_("The self-assessment was accepted."),
    )
    return redirect(assessment)


@login_required
def self_assessment_print(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.get_self_assessment_for_user(user=request.user, pk=pk)
    areas = selectors.criterion_rows(assessment)
    context = {
        "assessment": assessment, "enrolment": assessment.enrolment, "institution": assessment.enrolment.institution,
        "progress": selectors.progress_of(assessment), "areas": areas, "total_score": selectors.total_self_score(areas),
        "max_points": assessment.enrolment.rulebook.max_points, "items": selectors.action_items_of(assessment),
        "events": selectors.events_of(assessment), "printed_at": timezone.now(),
        "recommendation_rows": recommendation_rows(self_assessment=assessment),
        "places": selectors.places_of(assessment),
    }
    return render(request, "audits/self_assessment/print.html", context)


@kwp_required
def self_assessment_review_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    default = selectors.current_or_latest_edition()
    form = ReviewFilterForm(request.GET or None, initial={"edition": default})
    filters = dict(form.cleaned_data) if form.is_valid() else {}
    edition = filters.pop("edition", None) or default
    context = {"form": form, "edition": edition}
    if edition is not None:
        page = Paginator(
            selectors.self_assessment_review_list(user=request.user, edition=edition, **filters), PAGE_SIZE
        ).get_page(request.GET.get("page"))
        context |= {
            "page": page,
            "rows": [(a, selectors.progress_of(a)) for a in page],
            "counts": selectors.status_counts(edition=edition),
            "not_started": Paginator(selectors.enrolments_not_started(user=request.user, edition=edition),
                                     PAGE_SIZE).get_page(request.GET.get("not_started_page")),
        }
    return render(request, "audits/self_assessment/review_list.html", context)
