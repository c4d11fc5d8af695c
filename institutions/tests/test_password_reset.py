"""Password reset: through the outbox (never sent inside the request), limited per address and per account."""

import re
import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from core.emails import email_send
from core.models import OutgoingEmail
from zpb.tests.faults import SilentSmtpServer

RESET = reverse("password_reset")


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()  # the per-address and per-account counters of earlier tests


def ask(client, email, address="192.0.2.30"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address)


def test_a_reset_is_queued_in_the_outbox_without_its_token(client, world):
    response = ask(client, world.coordinator_a.email)
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert mail.outbox == []  # nothing is sent inside the request
    email = OutgoingEmail.objects.get(template="password-reset")
    assert email.to == [world.coordinator_a.email]
    assert set(email.context) == {"user_id", "username"}


def test_the_sent_email_carries_a_working_link(client, world):
    ask(client, world.coordinator_a.email)
    email_send(email_id=OutgoingEmail.objects.get(template="password-reset").pk)
    [message] = mail.outbox
    assert message.subject == "Certyfikacja ZPB: ustaw nowe hasło"
    link = re.search(r"https?://\S+(/accounts/reset/\S+/)", message.body).group(1)
    response = client.get(link, follow=True)
    assert "Nowe hasło" in response.text


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, world):
    response = ask(client, "nikt@example.pl")
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert not OutgoingEmail.objects.filter(template="password-reset").exists()


def test_with_a_hung_smtp_relay_the_request_returns_at_once(client, world, settings):
    server = SilentSmtpServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = (
        "127.0.0.1", server.port, False, 3
    )
    started = time.monotonic()
    try:
        response = ask(client, world.coordinator_a.email)
    finally:
        server.close()
    assert time.monotonic() - started < 1
    assert response.status_code == 302


def test_an_address_is_limited(client, world, settings):
    settings.PROXY_COUNT = 0
    answers = [ask(client, f"ktos{n}@example.pl").status_code for n in range(settings.PASSWORD_RESETS_PER_MINUTE + 1)]
    assert answers[:-1] == [302] * settings.PASSWORD_RESETS_PER_MINUTE
    response = ask(client, "ktos@example.pl")
    assert response.status_code == 429 and response["Retry-After"] == "60"


def test_an_account_gets_a_few_emails_an_hour_whoever_asks(client, world, settings):
    settings.PROXY_COUNT = 0
    answers = [ask(client, world.coordinator_a.email, address=f"192.0.2.{40 + n}").status_code for n in range(6)]
    assert answers == [302] * 6  # the same answer, so the page never tells whether the limit was hit
    assert OutgoingEmail.objects.filter(template="password-reset").count() == settings.PASSWORD_RESETS_PER_ACCOUNT
