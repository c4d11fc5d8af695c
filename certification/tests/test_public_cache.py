"""The register and the verification page come from the cache, and show every change at once."""

import datetime

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from certification.services import certificate_issue, certificate_revoke
from zpb.tests.faults import free_port

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _public_page_cache(settings):
    settings.PUBLIC_PAGE_CACHE = True  # as with CACHE_URL (the tests' cache is this process's memory)


def register(client, **params) -> str:
    return client.get(reverse("certification:register"), params).content.decode()


def verify(client, code) -> str:
    return client.get(reverse("certification:verify-code", args=[code])).content.decode()


def test_the_register_is_built_once_then_served_from_the_cache(client, reference_data, django_assert_num_queries):
    factories.certificate()
    register(client)
    with django_assert_num_queries(1):  # the counties of the filter's select; the list itself is cached
        response = client.get(reverse("certification:register"))
    assert response.status_code == 200
    assert '<table class="table table-hover">' in response.text  # the cached HTML is not escaped again


def test_a_certificate_issued_appears_in_the_register_at_once(client, reference_data):
    register(client)
    certificate = certificate_issue(decision=factories.decision(), by=None, dispatch=False)
    assert certificate.number in register(client)


def test_a_revoked_certificate_shows_as_revoked_at_once(client, world):
    certificate = factories.certificate()
    assert "Certyfikat jest ważny" in verify(client, certificate.verification_code)
    assert certificate.number in register(client)
    certificate_revoke(certificate=certificate, by=world.kwp, reason="Nieprawdziwe dane")
    assert "Certyfikat został unieważniony" in verify(client, certificate.verification_code)
    assert certificate.number not in register(client)


def test_a_deactivated_institution_leaves_the_register_at_once(client, reference_data):
    certificate = factories.certificate()
    assert certificate.number in register(client)
    institution = certificate.institution
    institution.is_active = False
    institution.save()
    assert certificate.number not in register(client)


def test_a_certificate_expires_from_the_cached_pages_at_midnight(client, reference_data, monkeypatch):
    certificate = factories.certificate()
    assert certificate.number in register(client)
    assert "Certyfikat jest ważny" in verify(client, certificate.verification_code)
    day_after = certificate.valid_until + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day_after)
    assert certificate.number not in register(client)
    assert "Certyfikat wygasł" in verify(client, certificate.verification_code)


def test_each_language_has_its_own_cached_page(client, reference_data):
    factories.certificate()
    assert "1 valid certificate" not in register(client)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "1 valid certificate" in register(client)


def test_made_up_parameters_are_never_cached(client, reference_data, django_assert_num_queries):
    factories.certificate()
    register(client, utm="a")
    with django_assert_num_queries(4):  # built again: such keys could otherwise fill the cache
        client.get(reverse("certification:register"), {"utm": "a"})


def test_without_the_cache_the_public_pages_still_answer(client, reference_data):
    certificate = factories.certificate()
    unreachable = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": f"redis://127.0.0.1:{free_port()}/1",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }}
    with override_settings(CACHES=unreachable):  # not the settings fixture: the cache is cleared after the test
        assert certificate.number in register(client)
        assert "Certyfikat jest ważny" in verify(client, certificate.verification_code)


def test_with_a_cache_of_each_process_the_pages_are_not_cached(client, reference_data, settings,
                                                              django_assert_num_queries):
    settings.PUBLIC_PAGE_CACHE = False
    factories.certificate()
    register(client)
    with django_assert_num_queries(6):  # the list's four and the county map's two, every time
        client.get(reverse("certification:register"))
