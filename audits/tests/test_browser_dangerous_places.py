"""The coordinator lists a dangerous place on the diagnosis tab, updates its status and removes it."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from audits.tests.factories import SelfAssessmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_coordinator_keeps_the_list_of_dangerous_places(browser_world, login, page, live_server):
    world = browser_world
    assessment = SelfAssessmentFactory(enrolment=world.enrolment_a)
    login(world.coordinator_a)
    page.goto(live_server.url + reverse("audits:self-assessment-diagnosis", args=[assessment.pk]))
    form = page.locator("#places form").last
    form.get_by_label(re.compile(r"^\s*Miejsce\*")).fill("Przejście przy ul. Kolejowej")
    form.get_by_label(re.compile(r"^\s*Rodzaj")).select_option(label="Droga lub przejście")
    form.get_by_label(re.compile(r"^\s*Źródło")).select_option(label="Ankieta")
    page.get_by_role("button", name="Dodaj miejsce", exact=True).click()
    expect(page.get_by_text("Miejsce niebezpieczne zostało dodane.")).to_be_visible()
    places = page.get_by_role("table", name="Miejsca niebezpieczne (lista)")
    expect(places.get_by_role("row", name=re.compile("Przejście przy ul. Kolejowej Droga lub przejście Ankieta"))) \
        .to_be_visible()
    places.get_by_label("Status: Przejście przy ul. Kolejowej").select_option(label="W trakcie")
    places.get_by_label("Ponowna wizja: Przejście przy ul. Kolejowej").fill("2030-04-02")
    places.get_by_role("button", name="Zapisz Przejście przy ul. Kolejowej").click()
    expect(page.get_by_text("Miejsce niebezpieczne zostało zaktualizowane.")).to_be_visible()
    expect(places.get_by_label("Status: Przejście przy ul. Kolejowej")).to_have_value("in_progress")
    places.get_by_role("button", name=re.compile("^Usuń")).click()
    expect(page.get_by_text("Miejsce niebezpieczne zostało usunięte.")).to_be_visible()
    expect(places.get_by_text("Na liście nie ma jeszcze miejsc niebezpiecznych.")).to_be_visible()
