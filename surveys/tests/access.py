"""Surveys in the access matrix: a school's rounds and results, KWP's editor and region, the public page."""

import datetime

from django.utils import timezone

from surveys.models import Questionnaire
from surveys.services.questionnaires import question_save, questionnaire_copy
from zpb.tests.matrix import Case, everyone, only

from .factories import round_for

# The school's pages: its coordinators and KWP staff read; auditors have no business here (403),
# the other school's coordinator gets 404.
READ = only({"kwp": 200, "coordinator_a": 200, "coordinator_b": 404})
WRITE = only({"coordinator_a": 200, "coordinator_b": 404})
WRITE_POST = only({"coordinator_a": 302, "coordinator_b": 404})
KWP = only({"kwp": 200})
KWP_POST = only({"kwp": 302})


def extend_world(world) -> None:
    world.extra["survey_round"] = round_for(world.enrolment_a, label="7b")
    published = Questionnaire.objects.get(pk=world.survey_round.questionnaire_id)
    draft = questionnaire_copy(questionnaire=published)
    world.extra["questionnaire_draft"] = draft
    world.extra["question_draft"] = question_save(questionnaire=draft, text="Pytanie próbne", kind="yes_no",
                                                  options=[])
    world.extra["survey_round_closed"] = round_for(world.enrolment_a, closes_on=timezone.localdate()
                                                   - datetime.timedelta(days=1))


ENROLMENT = lambda w: {"pk": w.enrolment_a.pk}  # noqa: E731
ROUND = lambda w: {"pk": w.survey_round.pk}  # noqa: E731
DRAFT = lambda w: {"pk": w.questionnaire_draft.pk}  # noqa: E731
QUESTION = lambda w: {"pk": w.question_draft.pk}  # noqa: E731

CASES = [
    Case("surveys:enrolment", kwargs=ENROLMENT, expect=READ),
    Case("surveys:round-create", kwargs=ENROLMENT, expect=WRITE),
    Case("surveys:results", kwargs=ENROLMENT, expect=READ),
    # Below the minimum the PDF redirects to the results page with a message (its content: test_evidence.py).
    Case("surveys:results-pdf", kwargs=ENROLMENT, expect=only({"kwp": 302, "coordinator_a": 302,
                                                                "coordinator_b": 404})),
    Case("surveys:results-attach", kwargs=ENROLMENT, method="post", expect=WRITE_POST),
    Case("surveys:fill-self-assessment", kwargs=ENROLMENT, method="post", expect=WRITE_POST),
    Case("surveys:round-detail", kwargs=ROUND, expect=READ),
    Case("surveys:round-close", kwargs=ROUND, method="post", expect=WRITE_POST),
    Case("surveys:round-letter", kwargs=ROUND, expect=READ),
    Case("surveys:round-paper", kwargs=ROUND, expect=READ),
    Case("surveys:round-tally", kwargs=ROUND, expect=WRITE),
    Case("surveys:questionnaire-list", expect=KWP),
    Case("surveys:questionnaire-detail", kwargs=DRAFT, expect=KWP),
    Case("surveys:questionnaire-copy", kwargs=DRAFT, method="post", expect=KWP_POST),
    Case("surveys:questionnaire-publish", kwargs=DRAFT, method="post", expect=KWP_POST),
    Case("surveys:question-create", kwargs=DRAFT, expect=KWP),
    Case("surveys:question-edit", kwargs=QUESTION, expect=KWP),
    Case("surveys:question-delete", kwargs=QUESTION, method="post", expect=KWP_POST),
    Case("surveys:region", expect=KWP),
    # The public questionnaire: anyone, signed in or not (closed and unknown rounds: test_public_answer.py).
    Case("surveys-public:answer", kwargs=lambda w: {"token": w.survey_round.token}, expect=everyone(200)),
    Case("surveys-public:answer-done", kwargs=lambda w: {"token": w.survey_round.token}, expect=everyone(200)),
]
