"""Every response carries the Content-Security-Policy and the Permissions-Policy; signed-in pages and
downloads are never kept in a shared cache (school computers are shared)."""

import pytest
from django.urls import reverse

from zpb.tests.test_access_matrix import CASES

POLICY_PARTS = (
    "default-src 'self'", "frame-ancestors 'none'", "form-action 'self'", "base-uri 'self'", "object-src 'none'",
)


def directives(header: str) -> dict[str, str]:
    parts = [part.strip() for part in header.split(";") if part.strip()]
    return {part.split()[0]: part for part in parts}


# Images other websites embed (a school's badge): a policy stricter than the pages' (nothing may load or run
# inside the SVG). Anonymous visitors' copies may be cached publicly (test_badge); signed-in ones stay private.
EMBEDDED_IMAGES = {"certification:badge"}
IMAGE_POLICY_PARTS = ("default-src 'none'", "sandbox")


def assert_security_headers(response, where: str, *, parts: tuple[str, ...] = POLICY_PARTS) -> None:
    csp = response.headers.get("Content-Security-Policy")
    assert csp, f"{where}: no Content-Security-Policy"
    for part in parts:
        assert part in directives(csp).values(), f"{where}: {part!r} missing from {csp!r}"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, f"{where}: {csp!r}"
    permissions = response.headers.get("Permissions-Policy", "")
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions, f"{where}: {feature} missing from Permissions-Policy {permissions!r}"


@pytest.mark.parametrize("role", ["anonymous", "kwp", "coordinator_a", "auditor"])
def test_every_page_carries_the_policies_and_no_signed_in_page_or_download_is_stored(client, world, role):
    for name, case in sorted(CASES.items()):
        user = world.user(role)
        if user is not None:
            client.force_login(user)  # again each time, since one of the URLs logs out
        url = reverse(name, kwargs=case.kwargs(world))
        response = getattr(client, case.method)(url, case.data(world))
        where = f"{case.method.upper()} {url} as {role} ({response.status_code})"
        assert_security_headers(response, where, parts=IMAGE_POLICY_PARTS if name in EMBEDDED_IMAGES else POLICY_PARTS)
        if user is not None:
            assert {"private", "no-store"} <= cache_control(response), where
            assert "public" not in cache_control(response), where


def test_a_404_carries_the_headers_too(client, db):
    assert_security_headers(client.get("/no-such-page/"), "404")


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.headers.get("Cache-Control", "").split(",") if part.strip()}


def test_public_pages_stay_cacheable(client, world):
    for name in ("certification:register", "certification:verify"):
        assert "no-store" not in cache_control(client.get(reverse(name))), name
