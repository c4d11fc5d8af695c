import datetime
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from audits.models import SelfAssessment
from audits.tests.factories import SelfAssessmentFactory
from surveys.models import Question, Round
from surveys.pdf import letter_pdf, questionnaire_pdf
from surveys.results import enrolment_results
from surveys.services import SurveyError
from surveys.services.rounds import paper_tally_save, round_open, self_assessment_fill_from_surveys

from .factories import respond, round_for

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()


def test_a_coordinator_opens_a_round_for_the_school_s_audience(school):
    round = round_open(enrolment=school.enrolment, audience="parents", closes_on=timezone.localdate(),
                       label=" 4a ", by=school.coordinator)
    assert (round.questionnaire.audience, round.label, round.is_open) == ("parents", "4a", True)


@pytest.mark.parametrize(("audience", "days", "field"), [
    ("students", 5, "audience"),  # a university audience at a school
    ("parents", -1, "closes_on"),
    ("parents", 400, "closes_on"),  # beyond the edition
])
def test_a_round_outside_the_rules_is_refused(school, audience, days, field):
    with pytest.raises(SurveyError) as refused:
        round_open(enrolment=school.enrolment, audience=audience, by=school.coordinator, label="",
                   closes_on=timezone.localdate() + datetime.timedelta(days=days))
    assert refused.value.field == field
    assert Round.objects.count() == 1


def test_the_letter_has_the_school_the_link_and_the_closing_day(school):
    _name, mimetype, content = letter_pdf(school.round)
    text = pdf_text(content)
    assert mimetype == "application/pdf"
    assert school.institution.name in text
    assert school.round.token in text.replace("\n", "")
    assert school.round.closes_on.strftime("%d.%m.%Y") in text


def test_the_paper_questionnaire_lists_every_question(school):
    text = " ".join(pdf_text(questionnaire_pdf(school.round)[2]).split())
    for question in school.round.questionnaire.questions.all():
        assert " ".join(question.text.split())[:40] in text


def test_paper_tallies_add_up_with_online_answers(school, settings):
    settings.SURVEY_MIN_RESPONDENTS = 1
    respond(school.round, 3, pick=0)
    first = school.round.questionnaire.questions.get(position=1)
    options = list(first.options.all())
    paper_tally_save(round=school.round, respondents=2, counts={options[0].pk: 1, options[1].pk: 1})
    result = enrolment_results(enrolment=school.enrolment)[0]
    assert result.school.respondents == 5
    row = result.questions[0].options
    assert [r.counts["school"] for r in row[:2]] == [4, 1]
    assert row[0].percent["school"] == 80


def test_more_ticks_than_paper_questionnaires_are_refused(school):
    single = school.round.questionnaire.questions.filter(kind=Question.Kind.SCALE).first()
    options = list(single.options.all())
    with pytest.raises(SurveyError):
        paper_tally_save(round=school.round, respondents=2, counts={options[0].pk: 2, options[1].pk: 1})
    assert school.round.tallies.count() == 0


def test_the_tally_screen_saves_counts(client, school):
    question = school.round.questionnaire.questions.get(position=1)
    option = question.options.first()
    client.force_login(school.coordinator)
    response = client.post(reverse("surveys:round-tally", args=[school.round.pk]),
                           {"respondents": "12", f"o{option.pk}": "7"})
    assert response.status_code == 302
    school.round.refresh_from_db()
    assert school.round.paper_respondents == 12
    assert school.round.tallies.get().count == 7


def test_the_counts_fill_the_self_assessment_diagnosis(school):
    assessment = SelfAssessmentFactory(enrolment=school.enrolment)
    respond(school.round, 4)
    parents = round_for(school.enrolment, "parents")
    respond(parents, 2)
    paper_tally_save(round=parents, respondents=3, counts={})
    self_assessment_fill_from_surveys(enrolment=school.enrolment, by=school.coordinator)
    assessment.refresh_from_db()
    assert (assessment.surveyed_students, assessment.surveyed_parents, assessment.surveyed_teachers) == (4, 5, None)
    assert assessment.version == 2


def test_a_submitted_self_assessment_is_not_filled(school):
    SelfAssessmentFactory(enrolment=school.enrolment, status=SelfAssessment.Status.SUBMITTED)
    respond(school.round, 4)
    with pytest.raises(SurveyError):
        self_assessment_fill_from_surveys(enrolment=school.enrolment, by=school.coordinator)


def test_closing_a_round_stops_answers(client, school):
    client.force_login(school.coordinator)
    client.post(reverse("surveys:round-close", args=[school.round.pk]))
    school.round.refresh_from_db()
    assert not school.round.is_open
    assert client.get(reverse("surveys-public:answer", args=[school.round.token])).status_code == 410


def test_withdrawing_the_enrolment_discards_its_surveys(school):
    from audits.services.editions import enrolment_withdraw

    respond(school.round, 2)
    enrolment_withdraw(enrolment=school.enrolment, by=school.kwp)
    assert not Round.objects.exists()


def test_the_diagnosis_tab_fills_the_counts_and_comes_back(client, school):
    assessment = SelfAssessmentFactory(enrolment=school.enrolment)
    respond(school.round, 4)
    diagnosis = reverse("audits:self-assessment-diagnosis", args=[assessment.pk])
    client.force_login(school.coordinator)
    page = client.get(diagnosis).content.decode()
    assert reverse("surveys:fill-self-assessment", args=[school.enrolment.pk]) in page
    response = client.post(reverse("surveys:fill-self-assessment", args=[school.enrolment.pk]), {"back": "diagnosis"})
    assert response.url == diagnosis
    assessment.refresh_from_db()
    assert assessment.surveyed_students == 4


def test_kwp_sees_the_counts_on_the_diagnosis_tab_without_the_button(client, school):
    assessment = SelfAssessmentFactory(enrolment=school.enrolment)
    respond(school.round, 4)
    client.force_login(school.kwp)
    page = client.get(reverse("audits:self-assessment-diagnosis", args=[assessment.pk])).content.decode()
    assert 'id="diagnosis-surveys"' in page
    assert reverse("surveys:fill-self-assessment", args=[school.enrolment.pk]) not in page
