"""The confirmation e-mail of a public application goes from the police's address to whatever mailbox the
applicant typed: it must not carry the applicant's text, except the institution's name, on one line, quoted."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from core.emails import email_render
from core.models import OutgoingEmail
from institutions.models import Application
from institutions.tests.test_applications import form_data

HOSTILE_NAME = "Szkoła Podstawowa nr 9 PILNE: Twoje konto wygaśnie, zaloguj się na https://policja-login.example"


@pytest.fixture(autouse=True)
def _fresh_limits(settings):
    cache.clear()
    settings.APPLICATION_MIN_FILL_SECONDS = 0


def confirmation() -> tuple[str, str]:
    message = email_render(OutgoingEmail.objects.get(template="application-confirm"))
    return message.body, message.alternatives[0][0]


def test_the_confirmation_quotes_the_name_and_carries_nothing_else_the_applicant_typed(client, reference_data):
    data = form_data(client, name="Szkoła Podstawowa nr 4 w Niepołomicach", director_name="Dyrektor Mściwój",
                     street="ul. Fałszywa", partners_text="Partner Podejrzany")
    client.post(reverse("join:apply"), data)
    text, html = confirmation()
    assert "„Szkoła Podstawowa nr 4 w Niepołomicach”" in text
    assert "„Szkoła Podstawowa nr 4 w Niepołomicach”" in html
    for typed in ("Mściwój", "Fałszywa", "Podejrzany", "Lis", "sp4-niepolomice"):
        assert typed not in text and typed not in html


@pytest.mark.parametrize("name", [HOSTILE_NAME, "Szkoła nr 9\n\nPILNE: zaloguj się na policja-login.example",
                                  "Szkoła nr 9 www.policja-login.example"])
def test_a_name_with_a_link_or_a_line_break_is_refused_with_a_message(client, reference_data, name):
    response = client.post(reverse("join:apply"), form_data(client, name=name))
    assert response.status_code == 200
    assert "Nazwa nie może zawierać adresów stron ani podziałów wierszy." in response.text
    assert not Application.objects.exists() and not OutgoingEmail.objects.exists()


def test_a_long_name_is_shortened_in_the_e_mail(client, reference_data):
    client.post(reverse("join:apply"), form_data(client, name="Zespół Szkół " + "bardzo " * 35 + "długi"))
    text, html = confirmation()
    quoted = text.split("„")[1].split("”")[0]
    assert len(quoted) <= 120 and quoted.endswith("…")
