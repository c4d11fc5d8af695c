"""Every named URL of the project × every role → the expected status.

A URL that no app's `tests/access.py` classifies fails `test_every_url_is_classified`.
Object URLs are built with institution A's objects: coordinator B must get 404 (nothing leaks).
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from zpb.tests.matrix import ROLES, Case
from zpb.tests.world import access_modules

# Django's own admin checks is_staff itself; its index stands in the matrix for it.
UNCLASSIFIED_NAMESPACES = {"admin"}


def all_cases() -> dict[str, Case]:
    cases: dict[str, Case] = {}
    for module in access_modules():
        for case in module.CASES:
            assert case.name not in cases, f"{case.name} is classified twice"
            cases[case.name] = case
    return cases


def url_names(resolver: URLResolver | None = None, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = pattern.namespace
            if namespace in UNCLASSIFIED_NAMESPACES:
                continue
            names |= url_names(pattern, f"{prefix}{namespace}:" if namespace else prefix)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"unnamed URL pattern {pattern.pattern}: name it and classify it"
            names.add(prefix + pattern.name)
    return names


CASES = all_cases()


def test_every_url_is_classified():
    unclassified = url_names() - set(CASES)
    assert not unclassified, f"URLs missing from the access matrix: {sorted(unclassified)}"


def test_no_stale_entries():
    stale = set(CASES) - url_names() - {"admin:index"}
    assert not stale, f"access matrix names URLs that do not exist: {sorted(stale)}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(CASES))
def test_access(client, world, name, role):
    case = CASES[name]
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    url = reverse(name, kwargs=case.kwargs(world))
    response = getattr(client, case.method)(url, case.data(world))
    assert response.status_code == case.expect[role], f"{case.method.upper()} {url} as {role}"
