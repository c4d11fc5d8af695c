"""The public questionnaire: anonymous, one response per browser, hostile input refused with nothing stored."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from surveys.models import TEXT_ANSWER_MAX, Answer, Question, Response

from .factories import round_for

pytestmark = pytest.mark.django_db


def form_data(client, round) -> dict:
    """What a person's browser sends: the one-time number from the page, the first option everywhere."""
    html = client.get(reverse("surveys-public:answer", args=[round.token])).content.decode()
    nonce = re.search(r'name="nonce" value="([^"]+)"', html).group(1)
    data = {"nonce": nonce}
    for question in round.questionnaire.questions.prefetch_related("options"):
        if question.kind == Question.Kind.TEXT:
            data[f"q{question.pk}"] = "Ciemno przy przystanku."
        else:
            data[f"q{question.pk}"] = str(question.options.first().pk)
    return data


def url(round) -> str:
    return reverse("surveys-public:answer", args=[round.token])


def test_a_response_keeps_the_day_only_and_nothing_about_the_person():
    assert {f.name for f in Response._meta.get_fields()} == {"id", "round", "submitted_on", "nonce", "answers"}


def test_a_respondent_answers_without_an_account(client, school):
    response = client.post(url(school.round), form_data(client, school.round))
    assert response.status_code == 302
    stored = Response.objects.get(round=school.round)
    assert stored.submitted_on == timezone.localdate()
    assert stored.answers.count() == school.round.questionnaire.questions.count()
    assert client.get(url(school.round)).status_code == 302  # the cookie: one response per browser


def test_a_replayed_submission_stores_nothing_more(client, school):
    data = form_data(client, school.round)
    client.post(url(school.round), data)
    client.cookies.clear()
    replay = client.post(url(school.round), data)
    assert "Te odpowiedzi zostały już wysłane. Dziękujemy!" in replay.content.decode()
    assert Response.objects.filter(round=school.round).count() == 1
    assert Answer.objects.filter(response__round=school.round).count() == \
        school.round.questionnaire.questions.count()
    assert client.get(url(school.round)).status_code == 302  # the replaying browser is marked as answered too


def test_an_option_of_another_question_is_refused(client, school):
    data = form_data(client, school.round)
    questions = list(school.round.questionnaire.questions.exclude(kind=Question.Kind.TEXT))
    data[f"q{questions[0].pk}"] = str(questions[1].options.first().pk)
    response = client.post(url(school.round), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Części odpowiedzi nie można przyjąć: zobacz komunikaty poniżej." in html
    assert "Wybierz poprawną wartość" in html
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_a_too_long_answer_is_refused(client, school):
    data = form_data(client, school.round)
    text = school.round.questionnaire.questions.get(kind=Question.Kind.TEXT)
    data[f"q{text.pk}"] = "x" * (TEXT_ANSWER_MAX + 1)
    response = client.post(url(school.round), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Części odpowiedzi nie można przyjąć: zobacz komunikaty poniżej." in html
    assert "co najwyżej 500 znaków" in html
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_a_very_long_answer_is_refused_with_the_others_kept(client, school):
    """Megabytes in one field: refused like any too long answer; the person's other answers stay ticked."""
    data = form_data(client, school.round)
    text = school.round.questionnaire.questions.get(kind=Question.Kind.TEXT)
    data[f"q{text.pk}"] = "ż" * 200_000
    response = client.post(url(school.round), data)
    assert response.status_code == 400
    assert "co najwyżej 500 znaków" in response.content.decode()
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_a_forged_form_number_is_refused(client, school):
    data = form_data(client, school.round) | {"nonce": "forged"}
    response = client.post(url(school.round), data)
    assert response.status_code == 400
    assert "Formularz wygasł" in response.content.decode()
    assert not Response.objects.exists()
    # The page comes back with a valid number and the answers kept: sending it again works.
    renewed = re.search(r'name="nonce" value="([^"]+)"', response.content.decode()).group(1)
    assert client.post(url(school.round), data | {"nonce": renewed}).status_code == 302
    assert Response.objects.count() == 1


def test_a_form_of_another_round_is_refused(client, school):
    other = round_for(school.enrolment, "parents")
    data = form_data(client, other)
    response = client.post(url(school.round), data)
    assert response.status_code == 400
    assert "Formularz wygasł" in response.content.decode()
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_a_forged_round_address_stores_nothing(client, school):
    """The form of a real round sent to an address of no round (a guessed or altered token)."""
    data = form_data(client, school.round)
    response = client.post(reverse("surveys-public:answer", args=["podrobiona-ankieta"]), data)
    assert response.status_code == 404
    assert "Pod tym adresem nie ma ankiety" in response.content.decode()
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_the_honeypot_stores_nothing(client, school):
    response = client.post(url(school.round), form_data(client, school.round) | {"homepage": "http://spam"})
    assert response.status_code == 302
    assert not Response.objects.exists()


def test_an_empty_form_is_refused(client, school):
    data = {"nonce": form_data(client, school.round)["nonce"]}
    response = client.post(url(school.round), data)
    assert response.status_code == 400
    assert "Odpowiedz na co najmniej jedno pytanie" in response.content.decode()


def test_answers_after_closing_are_refused(client, school):
    data = form_data(client, school.round)
    school.round.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    school.round.save()
    response = client.post(url(school.round), data)
    assert response.status_code == 410
    assert "Ankieta jest zamknięta" in response.content.decode()
    assert not Response.objects.exists()


def test_an_unknown_round_gets_a_clear_page(client, school):
    response = client.get(reverse("surveys-public:answer", args=["nieistniejaca"]))
    assert response.status_code == 404
    assert "Pod tym adresem nie ma ankiety" in response.content.decode()
    assert client.post(reverse("surveys-public:answer", args=["x" * 500]), {}).status_code == 404


def test_a_network_over_the_limit_waits(client, school, settings):
    settings.SURVEY_ANSWERS_PER_MINUTE = 1
    client.post(url(school.round), form_data(client, school.round))
    client.cookies.clear()
    response = client.post(url(school.round), form_data(client, school.round))
    assert response.status_code == 429
    assert Response.objects.count() == 1


@given(values=st.lists(st.one_of(st.text(max_size=700), st.integers(-5, 10**9).map(str)), min_size=1, max_size=12))
@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_hostile_values_never_store_an_invalid_answer(client, school, values):
    data = form_data(client, school.round)
    keys = [k for k in data if k.startswith("q")]
    for key, value in zip(keys, values, strict=False):
        data[key] = value
    response = client.post(url(school.round), data)
    assert response.status_code in (302, 400)
    client.cookies.clear()
    for answer in Answer.objects.select_related("option", "question"):
        assert answer.option is None or answer.option.question_id == answer.question_id
        assert len(answer.text) <= TEXT_ANSWER_MAX


def test_a_submission_takes_a_few_queries_whatever_the_number_of_questions(client, school,
                                                                          django_assert_max_num_queries):
    # The page (the published version's questions are kept in process memory after the first load).
    questions = school.round.questionnaire.questions.count()
    assert questions >= 8
    data = form_data(client, school.round)
    # The round by its token; then (a savepoint here, as the test runs in a transaction) the response, all
    # answers in one insert, the version locked on the first response. No query per question or answer.
    with django_assert_max_num_queries(6):
        assert client.post(url(school.round), data).status_code == 302
    assert Answer.objects.filter(response__round=school.round).count() == questions
    client.cookies.clear()
    data = form_data(client, school.round)
    with django_assert_max_num_queries(5):  # locked already: no update
        assert client.post(url(school.round), data).status_code == 302
    client.cookies.clear()
    with django_assert_max_num_queries(1):  # the page for the next browser: the round only
        assert client.get(url(school.round)).status_code == 200
