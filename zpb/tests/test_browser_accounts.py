"""Signing in and out, start pages per role, password change and reset, language and lockout."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from zpb.tests.helpers import wait_for
from zpb.tests.world import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_each_role_lands_on_its_start_page(browser_world, login, page):
    login(browser_world.coordinator_a)
    expect(page.get_by_role("heading", name="Twoje placówki")).to_be_visible()
    expect(page.get_by_role("link", name="Szkoła Podstawowa nr 1 w Bochni").first).to_be_visible()
    expect(page.get_by_text("Liceum Ogólnokształcące nr 2 w Tarnowie")).to_have_count(0)

    page.get_by_role("button", name=re.compile("Anna Nowak")).click()
    page.get_by_role("button", name="Wyloguj").click()
    expect(page.get_by_role("heading", name="Zaloguj się")).to_be_visible()

    login(browser_world.auditor)
    expect(page.get_by_text("Audytor Policji – Komenda Wojewódzka Policji w Krakowie.")).to_be_visible()


def test_password_change(browser_world, login, page, live_server):
    login(browser_world.kwp)
    page.goto(f"{live_server.url}/accounts/password_change/")
    page.get_by_label("Stare hasło").fill(PASSWORD)
    page.get_by_label("Nowe hasło").first.fill("Nowe-Bezpieczne-Haslo-2026")
    page.get_by_label("Nowe hasło (powtórz)").fill("Nowe-Bezpieczne-Haslo-2026")
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_text("Hasło zostało zmienione.")).to_be_visible()

    browser_world.kwp.refresh_from_db()
    assert browser_world.kwp.check_password("Nowe-Bezpieczne-Haslo-2026")


def test_password_reset_by_email(celery_worker, browser_world, login, page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Nie pamiętasz hasła?").click()
    page.get_by_label("Adres e-mail").fill(browser_world.coordinator_a.email)
    page.get_by_role("button", name="Wyślij").click()
    expect(page.get_by_text("wysłaliśmy na nie link")).to_be_visible()

    def reset_messages():
        return [m for m in mail.outbox if "/accounts/reset/" in m.body]

    assert wait_for(lambda: len(reset_messages()) == 1)  # sent by the worker from the outbox
    link = re.search(r"https?://\S+/accounts/reset/\S+/", reset_messages()[0].body).group(0)
    page.goto(live_server.url + link[link.index("/accounts/"):])
    page.get_by_label("Nowe hasło").first.fill("Zupelnie-Nowe-Haslo-77")
    page.get_by_label("Nowe hasło (powtórz)").fill("Zupelnie-Nowe-Haslo-77")
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_text("Hasło zostało ustawione.")).to_be_visible()

    # The same link again: it says so and leads to asking for a new one.
    page.goto(live_server.url + link[link.index("/accounts/"):])
    expect(page.get_by_text("Ten link jest nieprawidłowy albo został już użyty.")).to_be_visible()
    page.get_by_role("link", name="Poproś o nowy link").click()
    expect(page.get_by_label("Adres e-mail")).to_be_visible()

    login(browser_world.coordinator_a, password="Zupelnie-Nowe-Haslo-77")
    expect(page.get_by_role("heading", name="Twoje placówki")).to_be_visible()


def test_language_switch_to_english(browser_world, login, page):
    login(browser_world.kwp)
    page.get_by_label("Język").select_option("en")
    page.get_by_role("button", name="Zmień").click()
    expect(page.get_by_role("link", name="Institutions").first).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_repeated_failures_lock_the_login(browser_world, page, live_server, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Nazwa użytkownika").fill("kwp")
        page.get_by_label("Hasło").fill("zle-haslo")
        page.get_by_role("button", name="Zaloguj").click()
    expect(page.get_by_role("heading", name="Zbyt wiele nieudanych prób")).to_be_visible()

    # Even the right password is refused while the lock lasts.
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nazwa użytkownika").fill("kwp")
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj").click()
    expect(page.get_by_role("heading", name="Zbyt wiele nieudanych prób")).to_be_visible()
