"""API tokens: stored only as a hash, shown once, refused when revoked or the account is off; KWP's pages."""

import datetime
import hashlib
import logging

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from api.services import token_create, token_revoke
from core.services import ServiceError

pytestmark = pytest.mark.django_db

INSTITUTIONS = "/api/v1/institutions/"


def bearer(key: str, keyword: str = "Bearer") -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{keyword} {key}")
    return client


def test_only_the_hash_is_stored(world):
    token, key = token_create(user=world.coordinator_a, name="Strona powiatu", by=world.kwp)
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert key not in str(row)
    assert row["key_hash"] == hashlib.sha256(key.encode()).hexdigest()
    assert key.startswith(row["key_prefix"]) and len(key) > len(row["key_prefix"]) + 30


@pytest.mark.parametrize("keyword", ["Bearer", "Token", "bearer"])
def test_a_key_signs_in_as_its_holder(world, keyword):
    _token, key = token_create(user=world.coordinator_a, name="t", by=world.kwp)
    response = bearer(key, keyword).get(INSTITUTIONS)
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [world.institution_a.pk]


def test_revoked_token_is_401(world, caplog):
    caplog.set_level(logging.INFO)
    token, key = token_create(user=world.coordinator_a, name="t", by=world.kwp)
    token_revoke(token=token, by=world.kwp)
    response = bearer(key).get(INSTITUTIONS)
    assert response.status_code == 401
    assert f'event=api_token_refused reason=revoked prefix={token.key_prefix} ip=127.0.0.1' in caplog.messages
    assert response["WWW-Authenticate"].startswith("Bearer")
    with pytest.raises(ServiceError):
        token_revoke(token=token, by=world.kwp)  # once only


def test_deactivated_account_is_401(world):
    _token, key = token_create(user=world.coordinator_a, name="t", by=world.kwp)
    world.coordinator_a.is_active = False
    world.coordinator_a.save()
    assert bearer(key).get(INSTITUTIONS).status_code == 401


@pytest.mark.parametrize("header", ["Bearer", "Bearer a b", "Bearer zpb_nonexistent", "Token é"])
def test_bad_headers_are_401(world, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    assert client.get(INSTITUTIONS).status_code == 401


def test_no_token_is_401_on_scoped_endpoints(world):
    response = APIClient().get(INSTITUTIONS)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_last_used_is_written_at_most_once_a_minute(world):
    token, key = token_create(user=world.coordinator_a, name="t", by=world.kwp)
    client = bearer(key)
    client.get(INSTITUTIONS)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get(INSTITUTIONS)
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - datetime.timedelta(minutes=2))
    client.get(INSTITUTIONS)
    token.refresh_from_db()
    assert token.last_used_at > first - datetime.timedelta(seconds=1)
    assert timezone.now() - token.last_used_at < datetime.timedelta(seconds=30)


def test_only_kwp_may_create_tokens(world):
    with pytest.raises(ServiceError):
        token_create(user=world.coordinator_a, name="t", by=world.coordinator_b)


# --- The pages ----------------------------------------------------------------------------------


def test_kwp_creates_a_token_and_sees_the_key_once(client, world):
    client.force_login(world.kwp)
    response = client.post(reverse("api:token-create"), {"user": world.coordinator_a.pk, "name": "Strona gminy"})
    assert response.status_code == 200
    token = ApiToken.objects.get(name="Strona gminy")
    assert token.user == world.coordinator_a and token.created_by == world.kwp
    key = response.context["key"]
    assert key in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    listing = client.get(reverse("api:token-list")).content.decode()
    assert token.key_prefix in listing and key not in listing
    assert bearer(key).get(INSTITUTIONS).status_code == 200


def test_bad_input_changes_nothing(client, world):
    client.force_login(world.kwp)
    response = client.post(reverse("api:token-create"), {"user": world.coordinator_a.pk, "name": ""})
    assert response.status_code == 200
    assert "To pole jest wymagane" in response.content.decode()
    world.coordinator_b.is_active = False
    world.coordinator_b.save()
    response = client.post(reverse("api:token-create"), {"user": world.coordinator_b.pk, "name": "x"})
    assert "Wybierz poprawną wartość" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_kwp_revokes_a_token(client, world):
    token, key = token_create(user=world.coordinator_a, name="t", by=world.kwp)
    client.force_login(world.kwp)
    response = client.post(reverse("api:token-revoke", args=[token.pk]), follow=True)
    assert "Token unieważniono" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at and token.revoked_by == world.kwp
    assert bearer(key).get(INSTITUTIONS).status_code == 401
    response = client.post(reverse("api:token-revoke", args=[token.pk]), follow=True)
    assert "już unieważniony" in response.content.decode()


def test_a_token_holder_cannot_manage_tokens_with_it(world):
    _token, key = token_create(user=world.kwp, name="t", by=world.kwp)
    # The pages are for signed-in KWP staff; a key is not a session.
    assert bearer(key).get(reverse("api:token-list")).status_code == 302
