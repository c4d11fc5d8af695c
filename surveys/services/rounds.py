"""Rounds a coordinator opens and closes, paper tallies, and the self-assessment's head counts."""

import datetime

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.models import Enrolment, SelfAssessment
from institutions.models import User

from ..models import AUDIENCES, DIAGNOSIS_FIELD, PaperTally, Question, Round
from ..selectors import questionnaire_current
from . import SurveyError
from .questionnaires import lock_on_first_answer


@transaction.atomic
def round_open(*, enrolment: Enrolment, audience: str, closes_on: datetime.date, label: str, by: User) -> Round:
    """Open a round on the newest published questionnaire for the audience, closing within the edition."""
    programme = enrolment.institution.programme
    if audience not in AUDIENCES[programme]:
        raise SurveyError(_("This programme does not survey that group."), field="audience")
    today = timezone.localdate()
    if closes_on < today:
        raise SurveyError(_("The closing day cannot be in the past."), field="closes_on")
    if closes_on > enrolment.edition.ends_on:
        raise SurveyError(_("The round must close within the edition (by %(day)s).")
                          % {"day": enrolment.edition.ends_on.strftime("%d.%m.%Y")}, field="closes_on")
    questionnaire = questionnaire_current(programme=programme, audience=audience)
    if questionnaire is None:
        raise SurveyError(_("KWP has not published a questionnaire for this group yet."), field="audience")
    return Round.objects.create(enrolment=enrolment, questionnaire=questionnaire, closes_on=closes_on,
                                label=label.strip(), opened_by=by)


def round_close(*, round: Round) -> Round:
    if not round.is_open:
        raise SurveyError(_("The round is already closed."))
    round.closed_on = timezone.localdate()
    round.save(update_fields=["closed_on"])
    return round


@transaction.atomic
def paper_tally_save(*, round: Round, respondents: int, counts: dict[int, int]) -> Round:
    """Replace the round's paper tallies. Counts are per option id of the round's questionnaire; no
    option may be ticked more often than there were questionnaires (a single-choice question's options
    together neither)."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    questions = Question.objects.filter(questionnaire=round.questionnaire_id).prefetch_related("options")
    known = {o.pk: q for q in questions for o in q.options.all()}
    if set(counts) - set(known):
        raise SurveyError(_("The tallies do not match this questionnaire."))
    for question in questions:
        ticks = [counts.get(o.pk, 0) for o in question.options.all()]
        if any(t > respondents for t in ticks) or (
                question.kind != Question.Kind.MULTIPLE and sum(ticks) > respondents):
            raise SurveyError(_("“%(question)s”: more answers than paper questionnaires (%(n)s).")
                              % {"question": question.text, "n": respondents})
    round.paper_respondents = respondents
    round.save(update_fields=["paper_respondents"])
    round.tallies.all().delete()
    PaperTally.objects.bulk_create([PaperTally(round=round, option_id=o, count=c) for o, c in counts.items() if c])
    if respondents:
        lock_on_first_answer(round.questionnaire_id)
    return round


def diagnosis_counts(*, enrolment: Enrolment) -> dict[str, int]:
    """Respondents (online and paper) per self-assessment head count field, for this enrolment."""
    counts: dict[str, int] = {}
    rows = Round.objects.filter(enrolment=enrolment).values("pk", "paper_respondents", "questionnaire__audience") \
        .annotate(online=Count("responses"))
    for row in rows:
        name = DIAGNOSIS_FIELD[row["questionnaire__audience"]]
        counts[name] = counts.get(name, 0) + row["online"] + row["paper_respondents"]
    return counts


@transaction.atomic
def self_assessment_fill_from_surveys(*, enrolment: Enrolment, by: User) -> dict[str, int]:
    """Write the survey head counts into the self-assessment's diagnosis (a new version of it)."""
    assessment = SelfAssessment.objects.select_for_update().filter(enrolment=enrolment).first()
    if assessment is None:
        raise SurveyError(_("Start the self-assessment first."))
    if not assessment.is_editable:
        raise SurveyError(_("The self-assessment has been submitted: it cannot be changed now."))
    counts = diagnosis_counts(enrolment=enrolment)
    if not counts:
        raise SurveyError(_("No survey has any answers yet."))
    SelfAssessment.objects.filter(pk=assessment.pk).update(**counts, version=F("version") + 1, updated_by=by,
                                                           updated_at=timezone.now())
    return counts

