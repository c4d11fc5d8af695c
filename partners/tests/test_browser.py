"""Coordinators add partners on their institution's page; KWP staff merge duplicates in the directory."""

import re

import pytest
from playwright.sync_api import expect

from institutions.tests.factories import county
from partners.tests.factories import PartnerFactory, PartnershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def field(page, label: str):
    """A form field by its whole label; crispy labels carry whitespace and a * on required fields."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\*?\s*$"))


def test_coordinator_adds_an_existing_and_a_new_partner(browser_world, login, page, live_server):
    world = browser_world
    PartnerFactory(name="Straż Gminna w Zielonkach", kind="municipal_guard", county=county("1206"),
                   contact_person="Zofia Mróz")
    login(world.coordinator_a)

    page.get_by_role("navigation").get_by_role("link", name="Moje placówki").click()
    expect(page.get_by_role("link", name=world.institution_a.name)).to_be_visible()
    expect(page.get_by_text(world.institution_b.name)).to_have_count(0)
    page.get_by_role("link", name=world.institution_a.name).click()
    partners = page.get_by_role("region", name="Partnerzy")
    expect(partners.get_by_role("cell", name=re.compile("^Urząd Miasta Bochnia"))).to_be_visible()

    # An existing partner, found by live search as the coordinator types (no diacritics needed).
    partners.get_by_role("link", name="Dodaj partnera").click()
    page.get_by_role("searchbox").press_sequentially("straz gminna", delay=20)
    results = page.locator("#partner-results")
    expect(results.get_by_text("Znaleziono 1 partnera")).to_be_visible()
    expect(results.get_by_text("Straż Gminna w Zielonkach")).to_be_visible()
    expect(results.get_by_text("Zofia Mróz")).to_have_count(0)
    results.get_by_role("link", name="Wybierz: Straż Gminna w Zielonkach").click()
    field(page, "Data rozpoczęcia").fill("2025-09-01")
    field(page, "Zakres współpracy").fill("Patrole przy szkole")
    page.get_by_role("button", name="Dodaj partnera").click()
    expect(page.get_by_text("Partner został dodany.")).to_be_visible()

    # A new partner, added together with the partnership.
    page.get_by_role("region", name="Partnerzy").get_by_role("link", name="Dodaj partnera").click()
    field(page, "Nazwa").fill("Ochotnicza Straż Pożarna w Łapczycy")
    field(page, "Rodzaj").select_option(label="Organizacja pozarządowa")
    field(page, "Powiat").select_option(label="bocheński")
    field(page, "Osoba do kontaktu").fill("Jan Kowal")
    field(page, "Data rozpoczęcia").fill("2025-10-01")
    field(page, "Zakres współpracy").fill("Pokazy pierwszej pomocy")
    page.get_by_role("button", name="Dodaj nowego partnera").click()
    expect(page.get_by_text("Partner został dodany.")).to_be_visible()

    partners = page.get_by_role("region", name="Partnerzy")
    expect(partners.get_by_role("cell", name=re.compile("^Straż Gminna w Zielonkach"))).to_be_visible()
    expect(partners.get_by_role("cell", name=re.compile("^Ochotnicza Straż Pożarna w Łapczycy"))).to_be_visible()
    expect(partners.get_by_text("01.10.2025 – …")).to_be_visible()
    expect(partners.get_by_text("obecny")).to_have_count(3)

    response = page.goto(f"{live_server.url}{world.institution_b.get_absolute_url()}")
    assert response.status == 404
    expect(page.get_by_text(world.institution_b.name)).to_have_count(0)


def test_kwp_merges_duplicate_partners(browser_world, login, page):
    world = browser_world
    PartnershipFactory(institution=world.institution_b, partner=world.partner_duplicate, scope="Monitoring przy szkole")
    login(world.kwp)

    page.get_by_role("navigation").get_by_role("link", name="Partnerzy").click()
    page.get_by_label("Szukaj").fill("bochnia")
    page.get_by_role("button", name="Filtruj").click()
    expect(page.get_by_text("2 partnerów")).to_be_visible()
    page.get_by_label("Zaznacz do scalenia: Urząd Miasta Bochnia").check()
    page.get_by_label("Zaznacz do scalenia: Urzad Miasta Bochnia").check()
    page.get_by_role("button", name="Scal zaznaczone").click()

    expect(page.get_by_role("heading", name="Scalanie partnerów")).to_be_visible()
    page.get_by_label("Urząd Miasta Bochnia", exact=True).check()
    page.get_by_role("button", name="Dalej").click()

    expect(page.get_by_text("1 partnerstwo zostanie przeniesione do: Urząd Miasta Bochnia")).to_be_visible()
    expect(page.get_by_role("cell", name=world.institution_b.name)).to_be_visible()
    page.get_by_role("button", name="Scal").click()

    expect(page.get_by_text("Scalono partnerów: 1 wpis przeniesiono do: Urząd Miasta Bochnia.")).to_be_visible()
    expect(page.get_by_role("heading", name="Urząd Miasta Bochnia")).to_be_visible()
    expect(page.get_by_role("link", name=world.institution_a.name)).to_be_visible()
    expect(page.get_by_role("link", name=world.institution_b.name)).to_be_visible()
    expect(page.get_by_text("Prawdopodobne duplikaty")).to_have_count(0)
