"""The results PDF: aggregated numbers only, attached as evidence to a criterion that asks for survey results."""

import pytest
from django.urls import reverse

from audits.models import Criterion, Evidence, SelfAssessment
from audits.tests.factories import SelfAssessmentFactory
from surveys.pdf import results_pdf
from surveys.selectors import results_criteria
from surveys.services import SurveyError
from surveys.services.evidence import results_attach

from .factories import respond
from .test_rounds import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def surveyed(school, settings):
    settings.SURVEY_MIN_RESPONDENTS = 3
    respond(school.round, 3, pick=0, text="Boję się na boisku, Kowalski z 7b")
    school.assessment = SelfAssessmentFactory(enrolment=school.enrolment)
    school.criteria = Criterion.objects.filter(area__rulebook=school.enrolment.rulebook)
    school.criteria.filter(code="1.1").update(guidance_coordinator="Załącz wzór ankiety i zestawienie wyników.")
    return school


def test_the_results_pdf_has_the_aggregates_and_no_written_answers(surveyed):
    text = " ".join(pdf_text(results_pdf(surveyed.enrolment)[2]).split())
    assert surveyed.institution.name in text
    assert "Wyniki ankiet" in text and "3 osoby" in text
    first = surveyed.round.questionnaire.questions.get(position=1)
    assert " ".join(first.text.split())[:40] in text
    assert "100% (3)" in text
    assert "Kowalski" not in text


def test_only_criteria_that_ask_about_surveys_are_offered(surveyed):
    assert [c.code for c in results_criteria(enrolment=surveyed.enrolment)] == ["1.1"]
    surveyed.criteria.update(guidance_coordinator="")
    assert results_criteria(enrolment=surveyed.enrolment).count() == 4  # none asks: any criterion


def test_the_coordinator_attaches_the_results_to_the_criterion(client, surveyed):
    criterion = surveyed.criteria.get(code="1.1")
    client.force_login(surveyed.coordinator)
    results = reverse("surveys:results", args=[surveyed.enrolment.pk])
    assert "Załącz wyniki ankiet (PDF) jako dowód do kryterium" in client.get(results).content.decode()
    response = client.post(reverse("surveys:results-attach", args=[surveyed.enrolment.pk]),
                           {"criterion": criterion.pk})
    assert response.url == results
    evidence = Evidence.objects.get()
    assert (evidence.answer.self_assessment, evidence.answer.criterion) == (surveyed.assessment, criterion)
    assert evidence.content_type == "application/pdf" and evidence.original_name.endswith(".pdf")
    assert "Wyniki ankiet" in pdf_text(evidence.file.read())


def test_a_criterion_that_does_not_ask_for_surveys_is_refused(client, surveyed):
    client.force_login(surveyed.coordinator)
    other = surveyed.criteria.get(code="2.1")
    client.post(reverse("surveys:results-attach", args=[surveyed.enrolment.pk]), {"criterion": other.pk})
    assert not Evidence.objects.exists()
    with pytest.raises(SurveyError):
        results_attach(enrolment=surveyed.enrolment, criterion_id=other.pk, by=surveyed.coordinator)


def test_nothing_is_attached_below_the_minimum_or_after_submitting(surveyed, settings):
    criterion = surveyed.criteria.get(code="1.1")
    settings.SURVEY_MIN_RESPONDENTS = 10
    with pytest.raises(SurveyError):
        results_attach(enrolment=surveyed.enrolment, criterion_id=criterion.pk, by=surveyed.coordinator)
    settings.SURVEY_MIN_RESPONDENTS = 3
    SelfAssessment.objects.filter(pk=surveyed.assessment.pk).update(status=SelfAssessment.Status.SUBMITTED)
    with pytest.raises(SurveyError):
        results_attach(enrolment=surveyed.enrolment, criterion_id=criterion.pk, by=surveyed.coordinator)
    assert not Evidence.objects.exists()


def test_kwp_downloads_the_results_pdf_but_cannot_attach_it(client, surveyed):
    client.force_login(surveyed.kwp)
    response = client.get(reverse("surveys:results-pdf", args=[surveyed.enrolment.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert client.post(reverse("surveys:results-attach", args=[surveyed.enrolment.pk]),
                       {"criterion": surveyed.criteria.first().pk}).status_code == 403
