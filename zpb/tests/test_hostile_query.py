"""Hostile query strings never reach a 500: every GET URL of the app (from the access matrix, which the
URL resolver keeps complete) as each role, with a NUL byte (which PostgreSQL cannot store or compare) in
every query parameter a view or a form reads."""

import inspect
from urllib.parse import urlencode

import pytest
from django import forms
from django.urls import reverse

from zpb.local_apps import app_modules

from .test_access_matrix import CASES

# Read straight from request.GET somewhere (views, receivers), besides the forms' fields below.
RAW_PARAMETERS = {
    "q", "page", "status", "role", "active", "programme", "stage", "start_year", "institution", "enrolment",
    "outcome", "edition", "county", "code", "format", "task", "next",
    "kind", "type", "valid_on", "page_size",  # the API's filters and pagination
}
HOSTILE = "x\x00y"
ROLES = ("anonymous", "coordinator_a", "auditor", "kwp")
GET_CASES = sorted(name for name, case in CASES.items() if case.method == "get")


def form_field_names() -> set[str]:
    names: set[str] = set()
    for module in app_modules("forms"):
        for _, form_class in inspect.getmembers(module, inspect.isclass):
            if issubclass(form_class, forms.BaseForm) and form_class.__module__ == module.__name__:
                names |= set(getattr(form_class, "base_fields", {}))
    return names


PARAMETERS = sorted(RAW_PARAMETERS | form_field_names())


@pytest.mark.parametrize("role", ROLES)
def test_a_nul_byte_in_the_query_never_gives_a_500(client, world, role):
    # One test per role over every URL: the world is built four times, not once per URL.
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    client.raise_request_exception = False
    failures = []
    for name in GET_CASES:
        url = reverse(name, kwargs=CASES[name].kwargs(world))
        for parameters in (PARAMETERS, sorted(RAW_PARAMETERS)):
            response = client.get(f"{url}?{urlencode(dict.fromkeys(parameters, HOSTILE))}")
            if response.status_code >= 500:
                failures.append(f"GET {url} ({len(parameters)} parameters): {response.status_code}")
    assert not failures, f"as {role}:\n" + "\n".join(failures)
