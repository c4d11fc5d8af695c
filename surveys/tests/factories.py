"""Survey test data: the default questionnaires (as the data migration writes them), rounds, responses."""

import datetime
import importlib
import uuid

from django.apps import apps
from django.utils import timezone

from audits.models import Enrolment
from surveys.models import Answer, Question, Questionnaire, Response, Round
from surveys.selectors import questionnaire_current

_defaults = importlib.import_module("surveys.migrations.0002_default_questionnaires")


def default_questionnaires() -> None:
    """The shipped questionnaires; transactional tests flush the ones the migration wrote."""
    _defaults.create(apps, None)


def round_for(enrolment: Enrolment, audience: str = "pupils_primary", *, closes_on: datetime.date | None = None,
              **kwargs) -> Round:
    default_questionnaires()
    questionnaire = questionnaire_current(programme=enrolment.institution.programme, audience=audience)
    assert questionnaire is not None
    return Round.objects.create(enrolment=enrolment, questionnaire=questionnaire,
                                closes_on=closes_on or timezone.localdate() + datetime.timedelta(days=14), **kwargs)


def respond(round: Round, count: int = 1, *, pick: int = 0, text: str = "") -> None:
    """`count` online responses that pick the `pick`-th option of every choice question (bulk, no service)."""
    questions = list(round.questionnaire.questions.prefetch_related("options"))
    responses = Response.objects.bulk_create(
        [Response(round=round, submitted_on=timezone.localdate(), nonce=uuid.uuid4().hex) for _ in range(count)])
    answers = []
    for response in responses:
        for question in questions:
            options = list(question.options.all())
            if question.kind == Question.Kind.TEXT:
                if text:
                    answers.append(Answer(response=response, round=round, question=question, text=text))
            else:
                answers.append(Answer(response=response, round=round, question=question,
                                              option=options[pick % len(options)]))
    Answer.objects.bulk_create(answers, batch_size=5000)
    Questionnaire.objects.filter(pk=round.questionnaire_id).update(status=Questionnaire.Status.LOCKED)
