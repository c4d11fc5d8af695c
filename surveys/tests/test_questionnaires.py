import pytest
from django.urls import reverse

from institutions.models import Programme
from surveys.models import AUDIENCES, Question, Questionnaire
from surveys.services import SurveyError
from surveys.services.questionnaires import question_save, questionnaire_copy, questionnaire_publish

from .factories import default_questionnaires, respond, round_for

pytestmark = pytest.mark.django_db


def test_every_audience_of_both_programmes_has_a_published_default_of_8_to_12_questions():
    default_questionnaires()
    for programme, audiences in AUDIENCES.items():
        for audience in audiences:
            questionnaire = Questionnaire.objects.get(programme=programme, audience=audience, version=1)
            assert questionnaire.status == Questionnaire.Status.PUBLISHED
            assert 8 <= questionnaire.questions.count() <= 12
    assert not Questionnaire.objects.filter(programme=Programme.UWPB, audience="parents").exists()


def test_choice_questions_of_the_defaults_have_their_options():
    default_questionnaires()
    for question in Question.objects.exclude(kind=Question.Kind.TEXT):
        assert question.options.count() >= 2, question.text


def test_a_published_questionnaire_cannot_be_changed():
    default_questionnaires()
    published = Questionnaire.objects.filter(status=Questionnaire.Status.PUBLISHED).first()
    with pytest.raises(SurveyError):
        question_save(questionnaire=published, text="Nowe?", kind="yes_no", options=[])
    assert published.questions.filter(text="Nowe?").count() == 0


def test_a_copy_is_a_new_draft_version_with_the_same_questions():
    default_questionnaires()
    published = Questionnaire.objects.get(programme=Programme.SPB, audience="parents", version=1)
    copy = questionnaire_copy(questionnaire=published)
    assert (copy.version, copy.status) == (2, Questionnaire.Status.DRAFT)
    assert list(copy.questions.values_list("text", flat=True)) == list(published.questions.values_list("text",
                                                                                                        flat=True))
    question = question_save(questionnaire=copy, text="Czy boisko jest oświetlone?", kind="yes_no", options=[])
    assert list(question.options.values_list("label", flat=True)) == ["Tak", "Nie"]
    questionnaire_publish(questionnaire=copy)
    copy.refresh_from_db()
    assert copy.status == Questionnaire.Status.PUBLISHED


def test_a_choice_question_needs_two_answers():
    default_questionnaires()
    draft = questionnaire_copy(questionnaire=Questionnaire.objects.first())
    with pytest.raises(SurveyError):
        question_save(questionnaire=draft, text="Który?", kind="single", options=["Jedyny", "  "])


def test_the_first_response_locks_the_version(school):
    respond(school.round)
    school.round.questionnaire.refresh_from_db()
    assert school.round.questionnaire.status == Questionnaire.Status.LOCKED


def test_new_rounds_use_the_newest_published_version(school):
    copy = questionnaire_copy(questionnaire=school.round.questionnaire)
    assert round_for(school.enrolment).questionnaire_id == school.round.questionnaire_id  # a draft is not used
    questionnaire_publish(questionnaire=copy)
    assert round_for(school.enrolment).questionnaire_id == copy.pk


def test_kwp_adds_a_question_in_the_editor(client, school):
    draft = questionnaire_copy(questionnaire=school.round.questionnaire)
    client.force_login(school.kwp)
    response = client.post(reverse("surveys:question-create", args=[draft.pk]),
                           {"text": "Gdzie czujesz się najmniej bezpiecznie?", "kind": "single",
                            "options": "Szatnia\nToalety\nBoisko"})
    assert response.status_code == 302
    question = draft.questions.get(text="Gdzie czujesz się najmniej bezpiecznie?")
    assert list(question.options.values_list("label", flat=True)) == ["Szatnia", "Toalety", "Boisko"]


def test_the_editor_refuses_a_change_to_a_locked_version(client, school):
    respond(school.round)
    question = school.round.questionnaire.questions.first()
    client.force_login(school.kwp)
    response = client.post(reverse("surveys:question-edit", args=[question.pk]),
                           {"text": "Zmienione", "kind": "yes_no", "options": ""})
    assert response.status_code == 200
    assert "Tylko szkic" in response.content.decode()
    question.refresh_from_db()
    assert question.text != "Zmienione"
