import datetime
import re

import pytest
from playwright.sync_api import expect

from audits.catalogues import ensure_default_rulebooks
from audits.models import Edition
from audits.tests.factories_editions import open_edition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_kwp_creates_an_edition_and_enrols_two_institutions(browser_world, login, page, live_server, today):
    ensure_default_rulebooks()
    login(browser_world.kwp)

    page.get_by_role("link", name="Edycje").click()
    page.get_by_role("link", name="Nowa edycja").click()
    expect(page.get_by_label("Rok rozpoczęcia")).to_have_value("2027")
    expect(page.get_by_label("Audyty od")).to_have_value("2028-05-01")
    page.get_by_label("Regulamin dla szkół").select_option(
        label="Regulamin nadawania certyfikatu „Szkoła Promująca Bezpieczeństwo” (wersja 2025)")
    page.get_by_label("Regulamin dla uczelni").select_option(
        label="Regulamin nadawania certyfikatu „Uczelnia Wyższa Promująca Bezpieczeństwo” (wersja 2025)")
    page.get_by_label("Audyty do").fill("2028-07-15")
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_role("alert").get_by_role("link", name=re.compile(
        "^Audyty do: Audyty odbywają się w maju i czerwcu"))).to_be_visible()  # the error summary
    page.get_by_label("Audyty do").fill("2028-06-26")
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_role("heading", name="Edycja 2027/2028")).to_be_visible()

    page.get_by_role("link", name="Zgłoś placówki").click()
    page.get_by_label(browser_world.institution_a.name).check()
    page.get_by_label(browser_world.institution_b.name).check()
    page.get_by_role("button", name="Zgłoś zaznaczone").click()

    expect(page.get_by_text("Zgłoszone placówki: 2.")).to_be_visible()
    table = page.get_by_role("table")
    expect(table.get_by_role("link", name=browser_world.institution_a.name)).to_be_visible()
    expect(table.get_by_role("link", name=browser_world.institution_b.name)).to_be_visible()
    assert Edition.objects.get(start_year=2027).enrolments.count() == 2


def test_a_coordinator_enrols_their_institution_at_the_stage_offered(browser_world, login, page, live_server, today,
                                                                      certificates):
    edition = open_edition()
    certificates(browser_world.institution_b, granted_on=datetime.date(2025, 10, 15))
    login(browser_world.coordinator_b)

    expect(page.get_by_text("niezgłoszona – proponowany etap: Przedłużenie certyfikatu (etap II)")).to_be_visible()
    page.get_by_role("link", name=re.compile(f"^Zgłoś – {re.escape(browser_world.institution_b.name)}")).click()
    expect(page.get_by_label("Przedłużenie certyfikatu (etap II)")).to_be_checked()
    expect(page.get_by_label("Certyfikat (etap I)")).to_be_disabled()
    expect(page.get_by_text("Placówka ma certyfikat ważny do 14.10.2027")).to_be_visible()
    page.get_by_role("button", name="Zgłoś").click()

    expect(page.get_by_role("heading", name=f"Zgłoszenie do edycji {edition.name}")).to_be_visible()
    expect(page.get_by_text("Przedłużenie certyfikatu (etap II)")).to_be_visible()
