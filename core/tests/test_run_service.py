from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from core.services import ServiceError
from core.views import run_service


class NameForm(forms.Form):
    name = forms.CharField()


def _request():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _refuse(field=None):
    raise ServiceError("Nie wolno.", field=field)


def test_a_service_that_ran_gives_its_result_and_the_success_message():
    request = _request()
    outcome = run_service(request, lambda: 42, success="Zapisano.")
    assert outcome and outcome.value == 42
    assert [str(m) for m in get_messages(request)] == ["Zapisano."]


def test_a_refusal_without_a_form_becomes_an_error_message():
    request = _request()
    outcome = run_service(request, _refuse, success="Zapisano.")
    assert not outcome
    assert [(m.level_tag, str(m)) for m in get_messages(request)] == [("error", "Nie wolno.")]


def test_a_refusal_with_a_field_lands_on_that_field_of_the_form():
    request, form = _request(), NameForm({"name": "x"})
    assert form.is_valid()
    assert not run_service(request, lambda: _refuse("name"), form=form)
    assert form.errors == {"name": ["Nie wolno."]}
    assert not list(get_messages(request))


def test_a_refusal_naming_no_field_of_the_form_is_an_error_of_the_whole_form():
    request, form = _request(), NameForm({"name": "x"})
    assert form.is_valid()
    run_service(request, lambda: _refuse("other"), form=form)
    assert form.non_field_errors() == ["Nie wolno."]

