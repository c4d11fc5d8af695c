"""The per-address limits live in Redis; a Redis outage must not take the public pages down."""

import logging

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.lib import throttle
from core.lib.throttle import too_many

from .faults import free_port


@pytest.fixture
def cache_on_a_dead_redis(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def test_with_redis_down_the_limit_still_holds_per_process(cache_on_a_dead_redis, settings, caplog, monkeypatch):
    settings.PROXY_COUNT = 0
    monkeypatch.setattr(throttle, "_last_warning", 0.0)
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.20")
    with caplog.at_level(logging.WARNING, logger="core.lib.throttle"):
        assert [too_many(request, "outage-scope", 2) for _ in range(3)] == [False, False, True]
    assert "in-process" in caplog.text


@pytest.mark.parametrize("url", [
    reverse("join:apply") + "?q=Kraków",
    reverse("join:institution-search") + "?q=Kraków",
    reverse("certification:verify") + "?code=ABCD-EFGH",
])
def test_with_redis_down_the_public_pages_answer(client, reference_data, cache_on_a_dead_redis, url):
    assert client.get(url).status_code == 200
