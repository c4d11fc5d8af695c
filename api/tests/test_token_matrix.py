"""The access matrix again for /api/v1/, signed in with each role's token instead of a session: the same answers
(a token sees what a session sees)."""

import pytest
from django.urls import reverse

from zpb.tests.matrix import ROLES

from . import access
from .helpers import token_client

ENDPOINTS = {case.name: case for case in access.CASES if case.name not in
             {"api:token-list", "api:token-create", "api:token-revoke"}}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_token_access(world, name, role):
    case = ENDPOINTS[name]
    client = token_client(world.user(role), kwp=world.kwp)
    response = client.get(reverse(name, kwargs=case.kwargs(world)))
    assert response.status_code == case.expect[role], f"GET {name} as {role} with a token"
