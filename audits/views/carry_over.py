"""Carrying the previous edition's unfinished work into a self-assessment (the coordinator's explicit choice)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.views import run_service
from institutions.authenticated import AuthenticatedHttpRequest
from institutions.models import User
from institutions.permissions import role_required

from ..models import SelfAssessment
from ..selectors import self_assessments as selectors
from ..services.carry_over import CarryOverResult, self_assessment_carry_over


def report(request: HttpRequest, result: CarryOverResult) -> None:
    edition = result.source.enrolment.edition.name
    if result.already:
        messages.info(request, _("Work from edition %(edition)s had already been carried over.") % {"edition": edition})
        return
    text = ngettext(
        "%(count)d unfinished action was carried over from edition %(edition)s.",
        "%(count)d unfinished actions were carried over from edition %(edition)s.", result.items,
    ) % {"count": result.items, "edition": edition}
    if result.dangerous_places:
        text += " " + _("The dangerous places were copied into the diagnosis.")
    messages.success(request, text + " " + _("Check and edit them for this edition."))


def carry_over_after_start(request: AuthenticatedHttpRequest, assessment: SelfAssessment) -> None:
    """The start form's check box: carry over right after the draft is created."""
    if request.POST.get("carry_over"):
        outcome = run_service(request, lambda: self_assessment_carry_over(assessment=assessment, by=request.user))
        if outcome:
            report(request, outcome.value)


@require_POST
@role_required(User.Role.COORDINATOR)
def self_assessment_carry_over_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.get_self_assessment_for_user(user=request.user, pk=pk, write=True)
    outcome = run_service(request, lambda: self_assessment_carry_over(assessment=assessment, by=request.user))
    if outcome:
        report(request, outcome.value)
    return redirect("audits:self-assessment-plan", pk=assessment.pk)
