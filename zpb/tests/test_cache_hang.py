"""A hanging Redis under the shared cache holds no request for long: the versioned caches (public pages, the
KWP dashboard's statistics) give up after one timeout and leave the cache alone for a while, and the version
bump a change missed is made once the cache answers again."""

import time

import pytest
from django.core.cache import cache
from django.db import transaction

from certification.models import Certificate
from certification.services import certificate_issue
from certification.tests import factories
from core.lib import versioned_cache
from core.lib.versioned_cache import VersionedCache

from .faults import SilentSmtpServer


@pytest.fixture
def hung_cache(settings):
    server = SilentSmtpServer()  # accepts connections and never answers: a hung Redis just the same
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": f"redis://127.0.0.1:{server.port}/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }}
    settings.PUBLIC_PAGE_CACHE = True
    yield server
    server.close()


@pytest.mark.django_db
def test_issuing_certificates_waits_on_a_hung_cache_once_not_per_certificate(reference_data, hung_cache):
    decisions = [factories.decision() for _ in range(5)]
    started = time.monotonic()
    with transaction.atomic():
        issued = [certificate_issue(decision=decision, by=None, dispatch=False) for decision in decisions]
    elapsed = time.monotonic() - started
    assert Certificate.objects.filter(pk__in=[c.pk for c in issued]).count() == 5
    # Each certificate bumps two versions, twice (at once and after commit): 20 timeouts of 0.5 s without the
    # back-off; with it, the first one and nothing after.
    assert elapsed < 4


@pytest.mark.django_db
def test_a_bump_missed_while_the_cache_was_down_is_made_when_it_answers(settings):
    settings.PUBLIC_PAGE_CACHE = True
    cache.clear()
    pages = VersionedCache("test-pages")
    assert pages.cached("page", (), lambda: "old") == "old"
    versioned_cache._failed()  # the cache just failed: this process leaves it alone for a while
    pages.bump()  # a change while it is "down": not sent
    assert pages.cached("page", (), lambda: "new") == "new"  # built, not read
    versioned_cache.reset()  # it answers again
    assert pages.cached("page", (), lambda: "new") == "new"  # the owed bump went first: the old entry is not read
