"""/healthz for a load balancer: every part checked, each bounded, nothing secret, no login or session."""

import time

import pytest
from django.urls import reverse

from zpb.tests.faults import free_port

pytestmark = pytest.mark.django_db


def get(client):
    started = time.monotonic()
    response = client.get(reverse("healthz"))
    return response, time.monotonic() - started


def test_all_parts_ok_is_200_without_a_login_or_a_cookie(client):
    response, _elapsed = get(client)
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok", "checks": {"database": "ok", "cache": "ok", "broker": "ok", "storage": "ok"},
    }
    assert not response.cookies  # no session, no language or CSRF cookie
    assert response["Cache-Control"] == "no-store"


def test_a_broker_on_a_closed_port_is_a_fast_503_that_names_it_and_not_its_address(client, settings):
    settings.CELERY_BROKER_URL = f"redis://:broker-s3cret@127.0.0.1:{free_port()}/0"
    response, elapsed = get(client)
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "broker": "error", "storage": "ok"}
    assert elapsed < 2
    assert b"s3cret" not in response.content and b"127.0.0.1" not in response.content


def test_a_cache_that_cannot_be_reached_is_503(client, settings):
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": f"redis://127.0.0.1:{free_port()}/1",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }}
    response, elapsed = get(client)
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "error"
    assert elapsed < 3


def test_the_embedded_mode_has_no_broker_to_check(client, settings):
    settings.CELERY_BROKER_URL = "memory://"
    assert get(client)[0].json()["checks"]["broker"] == "ok"


def test_a_local_media_folder_not_created_yet_is_healthy(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "not-yet"
    assert get(client)[0].json()["checks"]["storage"] == "ok"


@pytest.mark.s3
def test_object_storage_is_checked_through_its_bucket(client, s3_bucket):
    assert get(client)[0].json()["checks"]["storage"] == "ok"


@pytest.mark.s3
def test_a_missing_bucket_is_503(client, s3_storage_at):
    s3_storage_at("no-such-bucket")
    response, _elapsed = get(client)
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "error"
    assert b"no-such-bucket" not in response.content


def test_many_probes_are_never_locked_out_or_limited(client):
    assert {get(client)[0].status_code for _ in range(30)} == {200}


def test_a_plain_http_probe_gets_the_answer_not_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert get(client)[0].status_code == 200
    assert client.get(reverse("privacy")).status_code == 301  # every other page still goes to HTTPS
