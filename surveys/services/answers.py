"""Storing one anonymous online response: day only, one-time form number, valid options only."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Answer, Response, Round
from . import SurveyError
from .questionnaires import lock_on_first_answer


class AlreadyAnswered(SurveyError):
    """The form's one-time number was used before (a replayed or double-clicked submission)."""


def response_submit(*, round: Round, nonce: str, answers: dict[int, list[int] | str]) -> Response:
    """Store a response. `answers` maps question id → option ids (choice questions) or text, already
    checked against the round's questionnaire by the form; empty answers are skipped.

    1. The round must be open today (a form loaded before closing and sent after is refused).
    2. The nonce is unique: a replay fails on the constraint and stores nothing.
    3. The first response locks the questionnaire version.

    One transaction, three statements once the version is locked: the response, its answers in one bulk
    insert, the commit (a replay's IntegrityError rolls the whole transaction back: nothing else was written).
    """
    today = timezone.localdate()
    if not round.is_open_on(today):
        raise SurveyError(_("This survey is closed: answers are no longer accepted."))
    rows = []
    for question_id, value in answers.items():
        if isinstance(value, str):
            if value:
                rows.append(Answer(question_id=question_id, text=value))
        else:
            rows.extend(Answer(question_id=question_id, option_id=option_id) for option_id in value)
    if not rows:
        raise SurveyError(_("Answer at least one question."))
    try:
        with transaction.atomic():
            response = Response.objects.create(round=round, submitted_on=today, nonce=nonce)
            for row in rows:
                row.response, row.round = response, round
            Answer.objects.bulk_create(rows)
            if round.questionnaire.status != round.questionnaire.Status.LOCKED:
                lock_on_first_answer(round.questionnaire_id)
    except IntegrityError:
        raise AlreadyAnswered(_("These answers have already been sent. Thank you!")) from None
    return response
