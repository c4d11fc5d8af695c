"""The accessibility statement (ministry's template ids, from settings) and the RODO notices."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from zpb.a11y import last_check

pytestmark = pytest.mark.django_db

MINISTRY_IDS = ("a11y-wstep", "a11y-podmiot", "a11y-url", "a11y-data-publikacja", "a11y-data-aktualizacja",
                "a11y-status", "a11y-data-sporzadzenie", "a11y-data-deklaracja-przeglad", "a11y-kontakt",
                "a11y-osoba", "a11y-email", "a11y-telefon", "a11y-procedura", "a11y-architektura", "a11y-aplikacje")


@pytest.fixture
def kwp_settings(settings, tmp_path):
    settings.A11Y_CHECK_FILE = tmp_path / "a11y-check.json"
    settings.A11Y_PUBLISHED_ON = "2026-09-01"
    settings.A11Y_UPDATED_ON = "2026-12-01"
    settings.A11Y_CONTACT_NAME = "Wydział Prewencji KWP, sekcja programu ZPB"
    settings.A11Y_CONTACT_EMAIL = "dostepnosc@krakow.example.pl"
    settings.A11Y_CONTACT_PHONE = "47 835 00 00"
    settings.A11Y_BUILDING = "Wejście z poziomu chodnika, winda do wszystkich pięter."
    return settings


def test_statement_has_the_ministry_structure_filled_from_settings(client, kwp_settings):
    html = client.get("/deklaracja-dostepnosci/").content.decode()
    for element_id in MINISTRY_IDS:
        assert f'id="{element_id}"' in html, element_id
    assert re.search(r'id="a11y-data-publikacja">2026-09-01<', html)
    assert re.search(r'id="a11y-data-aktualizacja">2026-12-01<', html)
    assert "Wydział Prewencji KWP, sekcja programu ZPB" in html
    assert 'href="mailto:dostepnosc@krakow.example.pl"' in html
    assert "47 835 00 00" in html
    assert "Wejście z poziomu chodnika" in html
    assert "Rzecznik" in html
    assert "częściowo zgodna" in html


def test_statement_shows_the_last_automated_check_recorded_by_the_command(client, kwp_settings):
    assert 'id="a11y-data-test"' not in client.get(reverse("accessibility")).content.decode()
    out = StringIO()
    call_command("a11y_check_record", "--date", "2026-12-05", "--pages", "226", "--forms", "40", stdout=out)
    assert last_check() == {"date": datetime.date(2026, 12, 5), "pages": 226, "forms": 40}
    html = client.get(reverse("accessibility")).content.decode()
    assert re.search(r'id="a11y-data-test">2026-12-05<', html)


def test_the_old_address_redirects_to_the_statement(client):
    response = client.get("/accessibility/")
    assert (response.status_code, response["Location"]) == (301, "/deklaracja-dostepnosci/")


def test_every_page_links_the_statement_from_its_footer(client, world):
    client.force_login(world.coordinator_a)
    html = client.get(reverse("dashboard")).content.decode()
    footer = html[html.index("<footer"):]
    assert 'href="/deklaracja-dostepnosci/"' in footer


def test_privacy_notice_names_controller_dpo_retention_and_uodo(client, settings):
    settings.PRIVACY_DPO_EMAIL = "iod@krakow.example.pl"
    settings.RETENTION_UNCONFIRMED_APPLICATION_DAYS = 14
    html = client.get(reverse("privacy")).content.decode()
    assert "Komendant Wojewódzki Policji w Krakowie" in html
    assert "iod@krakow.example.pl" in html
    assert "usuwane po 14 dniach" in html
    for category in ("Koordynatorzy", "Wnioskodawcy", "Audytorzy", "Osoby kontaktowe partnerów"):
        assert category in html, category
    assert "Prezesa Urzędu Ochrony Danych Osobowych" in html


def test_application_form_shows_the_notice(client, reference_data, settings):
    settings.PRIVACY_DPO_EMAIL = "iod@krakow.example.pl"
    html = client.get(reverse("join:apply")).content.decode()
    assert "Komendant Wojewódzki Policji w Krakowie" in html
    assert "iod@krakow.example.pl" in html


def test_invitation_email_carries_the_notice(world, settings):
    from core.emails import email_render
    from core.models import OutgoingEmail
    from institutions.services.invitations import invitation_send
    from institutions.tests.factories import UserFactory

    settings.PRIVACY_DPO_EMAIL = "iod@krakow.example.pl"
    user = UserFactory(username="nowa", email="nowa@example.pl", password=None)
    invitation_send(user=user, by=world.kwp)
    message = email_render(OutgoingEmail.objects.filter(template="invitation").latest("pk"))
    assert "Komendant Wojewódzki Policji w Krakowie" in message.body
    assert "iod@krakow.example.pl" in message.body
    assert "/privacy/" in message.body
    assert "Komendant Wojewódzki Policji w Krakowie" in message.alternatives[0][0]
