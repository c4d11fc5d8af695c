"""Reads: questionnaires (KWP), rounds of an enrolment (its coordinators and KWP), a round by its token."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from audits.models import Criterion, Enrolment
from institutions.models import User

from .models import Question, Questionnaire, Round


def questionnaire_list_for_user(*, user: User) -> QuerySet[Questionnaire]:
    if not user.is_kwp:
        return Questionnaire.objects.none()
    return Questionnaire.objects.annotate(question_count=Count("questions"))


def get_questionnaire_for_user(*, user: User, pk: int) -> Questionnaire:
    return get_object_or_404(questionnaire_list_for_user(user=user), pk=pk)


def get_question_for_user(*, user: User, pk: int) -> Question:
    if not user.is_kwp:
        raise PermissionDenied
    return get_object_or_404(Question.objects.select_related("questionnaire").prefetch_related("options"), pk=pk)


def questionnaire_current(*, programme: str, audience: str) -> Questionnaire | None:
    """The newest version schools may open rounds on."""
    return (Questionnaire.objects.filter(programme=programme, audience=audience)
            .exclude(status=Questionnaire.Status.DRAFT).order_by("-version").first())


def questions_of(questionnaire: Questionnaire) -> QuerySet[Question]:
    return questionnaire.questions.prefetch_related("options")


# Published and locked questionnaires never change (only drafts are edited; the admin is read-only), so the
# public page keeps their questions in process memory: two queries fewer per page and per submission.
_published_questions: dict[tuple[int, object], list[Question]] = {}


def questions_published(questionnaire: Questionnaire) -> list[Question]:
    """The questions (options prefetched) of the questionnaire a round uses, cached per process unless a draft."""
    if questionnaire.is_editable:
        return list(questions_of(questionnaire))
    key = (questionnaire.pk, questionnaire.updated_at)
    questions = _published_questions.get(key)
    if questions is None:
        if len(_published_questions) > 200:  # a handful of versions exist at a time; never grow without bound
            _published_questions.clear()
        questions = _published_questions[key] = list(questions_of(questionnaire))
    return questions


def enrolment_list_for_surveys(*, user: User) -> QuerySet[Enrolment]:
    """Whose surveys a user may run or read: KWP staff all, coordinators their institutions'."""
    qs = Enrolment.objects.select_related("edition", "institution__county")
    if user.is_kwp:
        return qs
    if user.is_coordinator:
        return qs.filter(institution__coordinators=user)
    return qs.none()


def get_enrolment_for_surveys(*, user: User, pk: int, write: bool = False) -> Enrolment:
    """404 for strangers; 403 when `write` (opening rounds, typing tallies) and the user is not a coordinator."""
    enrolment = get_object_or_404(enrolment_list_for_surveys(user=user), pk=pk)
    if write and not user.is_coordinator:
        raise PermissionDenied
    return enrolment


def round_list_for_user(*, user: User) -> QuerySet[Round]:
    return Round.objects.select_related("questionnaire", "enrolment__edition", "enrolment__institution").filter(
        enrolment__in=enrolment_list_for_surveys(user=user))


def get_round_for_user(*, user: User, pk: int, write: bool = False) -> Round:
    round = get_object_or_404(round_list_for_user(user=user), pk=pk)
    if write and not user.is_coordinator:
        raise PermissionDenied
    return round


def rounds_of(enrolment: Enrolment) -> QuerySet[Round]:
    return (Round.objects.filter(enrolment=enrolment).select_related("questionnaire")
            .annotate(online=Count("responses")).order_by("-created_at"))


def round_by_token(token: str) -> Round | None:
    """The public page's round, or None for an unknown (or forged) token."""
    if len(token) > 24:
        return None
    return (Round.objects.select_related("questionnaire", "enrolment__institution", "enrolment__edition")
            .filter(token=token).first())


def results_criteria(*, enrolment: Enrolment) -> QuerySet[Criterion]:
    """The criteria of the enrolment's rulebook a results PDF may be attached to: those whose guidance
    for coordinators asks about surveys ("ankiet…"); if a rulebook has none, any of its criteria."""
    criteria = Criterion.objects.filter(area__rulebook=enrolment.rulebook).select_related("area")
    asking = criteria.filter(guidance_coordinator__icontains="ankiet")
    return asking if asking.exists() else criteria
