"""Coordinators run rounds and read results; KWP edits questionnaires and reads the region."""


from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audits.models import Edition
from core.views import run_service
from institutions.authenticated import AuthenticatedHttpRequest
from institutions.models import User
from institutions.permissions import kwp_required, role_required

from . import pdf, results, selectors
from .forms import PaperTallyForm, QuestionForm, QuestionnaireForm, ResultsEvidenceForm, RoundForm
from .models import Question, Questionnaire
from .services import evidence as e_services
from .services import questionnaires as q_services
from .services import rounds as r_services

coordinator_or_kwp = role_required(User.Role.COORDINATOR, User.Role.KWP_STAFF)

# --- A school's surveys ----------------------------------------------------------------------


@coordinator_or_kwp
def enrolment_surveys(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    enrolment = selectors.get_enrolment_for_surveys(user=request.user, pk=pk)
    context = {"enrolment": enrolment, "rounds": selectors.rounds_of(enrolment),
               "counts": r_services.diagnosis_counts(enrolment=enrolment)}
    return render(request, "surveys/round/list.html", context)


@coordinator_or_kwp
def round_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    enrolment = selectors.get_enrolment_for_surveys(user=request.user, pk=pk, write=True)
    form = RoundForm(request.POST or None, programme=enrolment.institution.programme,
                     initial={"closes_on": enrolment.edition.ends_on})
    if form.is_valid():
        outcome = run_service(request, lambda: r_services.round_open(enrolment=enrolment, by=request.user,
                                                                     **form.cleaned_data),
                              form=form, success=_("The survey is open: share the link or print the letter."))
        if outcome:
            return redirect(outcome.value)
    return render(request, "surveys/round/form.html", {"enrolment": enrolment, "form": form})


@coordinator_or_kwp
def round_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round = selectors.get_round_for_user(user=request.user, pk=pk)
    context = {"round": round, "enrolment": round.enrolment, "qr": pdf.qr_svg(round.get_public_url()),
               "online": round.responses.count()}
    return render(request, "surveys/round/detail.html", context)


@require_POST
@coordinator_or_kwp
def round_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round = selectors.get_round_for_user(user=request.user, pk=pk, write=True)
    run_service(request, lambda: r_services.round_close(round=round), success=_("The survey is closed."))
    return redirect(round)


def _pdf(rendered: tuple[str, str, bytes]) -> HttpResponse:
    filename, mimetype, content = rendered
    response = HttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@coordinator_or_kwp
def round_letter(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _pdf(pdf.letter_pdf(selectors.get_round_for_user(user=request.user, pk=pk)))


@coordinator_or_kwp
def round_paper(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _pdf(pdf.questionnaire_pdf(selectors.get_round_for_user(user=request.user, pk=pk)))


@coordinator_or_kwp
def round_tally(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    round = selectors.get_round_for_user(user=request.user, pk=pk, write=True)
    questions = [q for q in selectors.questions_of(round.questionnaire) if q.kind != Question.Kind.TEXT]
    form = PaperTallyForm(request.POST or None, questions=questions, respondents=round.paper_respondents,
                          tallies=dict(round.tallies.values_list("option", "count")))
    if form.is_valid() and run_service(
        request, lambda: r_services.paper_tally_save(round=round, respondents=form.cleaned_data["respondents"],
                                                     counts=form.counts()),
        form=form, success=_("The paper answers are saved."),
    ):
        return redirect(round)
    return render(request, "surveys/round/tally.html", {"round": round, "enrolment": round.enrolment, "form": form})


@coordinator_or_kwp
def enrolment_results(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    enrolment = selectors.get_enrolment_for_surveys(user=request.user, pk=pk)
    # Free-text answers: the school's coordinators only (KWP sees counts).
    data = results.enrolment_results(enrolment=enrolment, with_texts=request.user.is_coordinator)
    context = {"enrolment": enrolment, "results": data, "minimum": results.minimum(),
               "evidence_form": _evidence_form(request, enrolment)}
    return render(request, "surveys/results/enrolment.html", context)


def _evidence_form(request: AuthenticatedHttpRequest, enrolment, data=None) -> ResultsEvidenceForm | None:
    """Attaching the results to a criterion: the coordinator of an editable self-assessment only."""
    assessment = getattr(enrolment, "self_assessment", None)
    if not (request.user.is_coordinator and assessment and assessment.is_editable):
        return None
    return ResultsEvidenceForm(data, criteria=selectors.results_criteria(enrolment=enrolment))


@coordinator_or_kwp
def enrolment_results_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    enrolment = selectors.get_enrolment_for_surveys(user=request.user, pk=pk)
    filename, mimetype, content = pdf.results_pdf(enrolment)
    if content is None:
        messages.error(request, _("No group has enough answers to show its results yet."))
        return redirect("surveys:results", pk=enrolment.pk)
    return _pdf((filename, mimetype, content))


@require_POST
@coordinator_or_kwp
def enrolment_results_attach(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    enrolment = selectors.get_enrolment_for_surveys(user=request.user, pk=pk, write=True)
    form = _evidence_form(request, enrolment, request.POST)
    if form is None:
        messages.error(request, _("The self-assessment has been submitted: it cannot be changed now."))
    elif not form.is_valid():
        messages.error(request, _("Choose one of the listed criteria."))
    else:
        run_service(request, lambda: e_services.results_attach(
            enrolment=enrolment, criterion_id=form.cleaned_data["criterion"].pk, by=request.user),
            success=_("The results PDF is attached to the criterion as evidence."))
    return redirect("surveys:results", pk=enrolment.pk)


@require_POST
@coordinator_or_kwp
def self_assessment_fill(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    enrolment = selectors.get_enrolment_for_surveys(user=request.user, pk=pk, write=True)
    run_service(request, lambda: r_services.self_assessment_fill_from_surveys(enrolment=enrolment, by=request.user),
                success=_("The numbers of respondents are filled in the self-assessment's diagnosis."))
    # The button is also on the self-assessment's diagnosis tab: go back there.
    if request.POST.get("back") == "diagnosis" and hasattr(enrolment, "self_assessment"):
        return redirect("audits:self-assessment-diagnosis", pk=enrolment.self_assessment.pk)
    return redirect("surveys:enrolment", pk=enrolment.pk)


# --- Questionnaires (KWP) ---------------------------------------------------------------------


@kwp_required
def questionnaire_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    qs = selectors.questionnaire_list_for_user(user=request.user)
    return render(request, "surveys/questionnaire/list.html", {"questionnaires": qs})


@kwp_required
def questionnaire_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    questionnaire = selectors.get_questionnaire_for_user(user=request.user, pk=pk)
    form = QuestionnaireForm(request.POST or None, instance=questionnaire)
    if request.method == "POST" and form.is_valid() and run_service(
        request, lambda: q_services.questionnaire_update(questionnaire=questionnaire, **form.cleaned_data),
        form=form, success=_("Saved."),
    ):
        return redirect(questionnaire)
    context = {"questionnaire": questionnaire, "form": form, "questions": selectors.questions_of(questionnaire)}
    return render(request, "surveys/questionnaire/detail.html", context)


@require_POST
@kwp_required
def questionnaire_copy(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    questionnaire = selectors.get_questionnaire_for_user(user=request.user, pk=pk)
    copy = q_services.questionnaire_copy(questionnaire=questionnaire)
    messages.success(request, _("A new draft version was made: change it, then publish it."))
    return redirect(copy)


@require_POST
@kwp_required
def questionnaire_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    questionnaire = selectors.get_questionnaire_for_user(user=request.user, pk=pk)
    run_service(request, lambda: q_services.questionnaire_publish(questionnaire=questionnaire),
                success=_("Published: new survey rounds use this version."))
    return redirect(questionnaire)


@kwp_required
def question_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    questionnaire = selectors.get_questionnaire_for_user(user=request.user, pk=pk)
    return _question_form(request, questionnaire, None)


@kwp_required
def question_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question = selectors.get_question_for_user(user=request.user, pk=pk)
    return _question_form(request, question.questionnaire, question)


def _question_form(request: AuthenticatedHttpRequest, questionnaire: Questionnaire,
                   question: Question | None) -> HttpResponse:
    initial = {"text": question.text, "kind": question.kind,
               "options": "\n".join(o.label for o in question.options.all())} if question else {}
    form = QuestionForm(request.POST or None, initial=initial)
    if form.is_valid() and run_service(
        request, lambda: q_services.question_save(questionnaire=questionnaire, question=question,
                                                  **form.cleaned_data),
        form=form, success=_("The question is saved."),
    ):
        return redirect(questionnaire)
    context = {"questionnaire": questionnaire, "question": question, "form": form}
    return render(request, "surveys/questionnaire/question_form.html", context)


@require_POST
@kwp_required
def question_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    question = selectors.get_question_for_user(user=request.user, pk=pk)
    run_service(request, lambda: q_services.question_delete(question=question), success=_("The question is removed."))
    return redirect(question.questionnaire)


# --- The region (KWP) --------------------------------------------------------------------------


def _region_choice(request: AuthenticatedHttpRequest) -> tuple[list, Edition | None, list, Questionnaire | None]:
    return results.region_choice(user=request.user, query=request.GET)


@kwp_required
def region(request: AuthenticatedHttpRequest) -> HttpResponse:
    editions, edition, questionnaires, questionnaire = _region_choice(request)
    data = results.region_results(edition=edition, questionnaire=questionnaire) if edition and questionnaire else []
    context = {"editions": editions, "edition": edition, "questionnaires": questionnaires,
               "questionnaire": questionnaire, "results": data, "minimum": results.minimum()}
    return render(request, "surveys/results/region.html", context)

