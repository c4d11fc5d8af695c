"""Keyboard only (WCAG 2.1.1): the public application on /join/, with an error and its correction."""

import re

import pytest
from playwright.sync_api import expect

from institutions.models import Application
from institutions.tests.factories import InstitutionFactory, county
from zpb.tests.keyboard import focused, follow_error_summary, tab_to, type_into

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_school_applies_by_keyboard_and_corrects_an_error(browser_world, page, live_server, settings):
    settings.APPLICATION_MIN_FILL_SECONDS = 0
    InstitutionFactory(name="Szkoła Podstawowa nr 5 w Wieliczce", rspo="261234", town="Wieliczka",
                       county=county("1219"), joined_on=None)
    page.goto(f"{live_server.url}/join/")
    type_into(page, re.compile("Numer RSPO lub nazwa|Znajdź"), "261234")
    tab_to(page, "Wybierz: Szkoła Podstawowa nr 5 w Wieliczce")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Wybrana placówka:")).to_be_visible()

    type_into(page, re.compile("^Imię"), "Ewa")
    type_into(page, re.compile("^Nazwisko"), "Malinowska")
    type_into(page, re.compile("^E-mail"), "ewa.malinowska@sp5-wieliczka.example.pl")
    type_into(page, "Imię i nazwisko dyrektora", "Jan Kowalczyk")
    tab_to(page, "Dyrektor placówki wyraża zgodę")
    page.keyboard.press("Space")
    type_into(page, "Twój adres e-mail", "sekretariat@")  # not an address: the error
    tab_to(page, "Zapoznałem(-am) się z informacją")
    page.keyboard.press("Space")
    tab_to(page, "Wyślij zgłoszenie")
    page.keyboard.press("Enter")

    expect(page.locator(".invalid-feedback").first).to_be_visible()
    follow_error_summary(page, "Twój adres e-mail")
    assert not Application.objects.filter(applicant_email__startswith="sekretariat@sp5").exists()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("sekretariat@sp5-wieliczka.example.pl")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Sprawdź skrzynkę e-mail")).to_be_visible()
    # A new page: the first Tab reaches the skip link, so the keyboard user starts from the top.
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "Przejdź do treści"
    assert Application.objects.filter(applicant_email="sekretariat@sp5-wieliczka.example.pl").count() == 1
