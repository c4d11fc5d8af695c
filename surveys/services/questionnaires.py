"""KWP's questionnaire editor: drafts are edited, published versions are used, answered ones are locked."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ..models import Option, Question, Questionnaire
from . import SurveyError

SCALE_LABELS = ["1", "2", "3", "4", "5"]


def fixed_options(kind: str) -> list[str] | None:
    """The options a kind brings itself (None: the editor lists them; [] for free text)."""
    if kind == Question.Kind.SCALE:
        return SCALE_LABELS
    if kind == Question.Kind.YES_NO:
        return [_("Yes"), _("No")]
    if kind == Question.Kind.TEXT:
        return []
    return None


def _check_draft(questionnaire: Questionnaire) -> None:
    if not questionnaire.is_editable:
        raise SurveyError(_("Only a draft can be changed: make a copy to change a published questionnaire."))


@transaction.atomic
def question_save(*, questionnaire: Questionnaire, question: Question | None = None, text: str, kind: str,
                  options: list[str]) -> Question:
    """Create or change a question of a draft; choice questions need at least two options."""
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    _check_draft(questionnaire)
    labels = fixed_options(kind)
    if labels is None:
        labels = [label.strip() for label in options if label.strip()]
        if len(labels) < 2:
            raise SurveyError(_("List at least two answers, one per line."), field="options")
    if question is None:
        last = questionnaire.questions.aggregate(last=Max("position"))["last"] or 0
        question = Question(questionnaire=questionnaire, position=last + 1)
    question.text, question.kind = text, kind
    question.save()
    question.options.all().delete()
    Option.objects.bulk_create([Option(question=question, position=i, label=label) for i, label in enumerate(labels)])
    return question


@transaction.atomic
def question_delete(*, question: Question) -> None:
    _check_draft(Questionnaire.objects.select_for_update().get(pk=question.questionnaire_id))
    question.delete()


@transaction.atomic
def questionnaire_update(*, questionnaire: Questionnaire, title: str, intro: str) -> Questionnaire:
    _check_draft(questionnaire)
    questionnaire.title, questionnaire.intro = title, intro
    questionnaire.save(update_fields=["title", "intro", "updated_at"])
    return questionnaire


@transaction.atomic
def questionnaire_publish(*, questionnaire: Questionnaire) -> Questionnaire:
    """Draft → published; from now on schools open rounds on the newest published version."""
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    _check_draft(questionnaire)
    if not questionnaire.questions.exists():
        raise SurveyError(_("Add at least one question before publishing."))
    questionnaire.status = Questionnaire.Status.PUBLISHED
    questionnaire.save(update_fields=["status", "updated_at"])
    return questionnaire


@transaction.atomic
def questionnaire_copy(*, questionnaire: Questionnaire) -> Questionnaire:
    """A new draft version with the same questions: the way to change a published questionnaire."""
    last = Questionnaire.objects.filter(programme=questionnaire.programme, audience=questionnaire.audience)
    version = (last.aggregate(v=Max("version"))["v"] or 0) + 1
    copy = Questionnaire.objects.create(
        programme=questionnaire.programme, audience=questionnaire.audience, version=version,
        title=questionnaire.title, intro=questionnaire.intro, copied_from=questionnaire,
    )
    for question in questionnaire.questions.prefetch_related("options"):
        new = Question.objects.create(questionnaire=copy, position=question.position, text=question.text,
                                      kind=question.kind)
        Option.objects.bulk_create([Option(question=new, position=o.position, label=o.label)
                                    for o in question.options.all()])
    return copy


def lock_on_first_answer(questionnaire_id: int) -> None:
    """Published → locked (compare-and-set: the first response wins, later ones change nothing)."""
    Questionnaire.objects.filter(pk=questionnaire_id, status=Questionnaire.Status.PUBLISHED).update(
        status=Questionnaire.Status.LOCKED)
