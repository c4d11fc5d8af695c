"""KWP staff at work in the browser: institutions, the RSPO import, accounts; and a failed login."""

import pytest
from playwright.sync_api import expect

from core.models import OutgoingEmail
from institutions.models import Institution, User
from institutions.tests.rspo_files import csv_bytes, school

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_kwp_adds_an_institution_served_by_the_county_unit(browser_world, login, page):
    login(browser_world.kwp)
    page.get_by_role("navigation").get_by_role("link", name="Placówki").click()
    page.get_by_role("link", name="Dodaj placówkę").click()
    page.get_by_label("Typ").select_option(label="Szkoła podstawowa")
    page.get_by_label("Pełna nazwa").fill("Szkoła Podstawowa nr 2 w Myślenicach")
    page.get_by_label("Numer RSPO").fill("61234")
    page.get_by_label("REGON").fill("123456786")
    page.get_by_label("Ulica").fill("ul. Słowackiego")
    page.get_by_label("Numer budynku").fill("7")
    page.get_by_label("Kod pocztowy").fill("32-400")
    page.get_by_label("Miejscowość").fill("Myślenice")
    page.get_by_label("Powiat").select_option(label="myślenicki")
    page.get_by_role("button", name="Zapisz").click()

    # The REGON's check digit is wrong: the message stands right under the field.
    error = page.locator("#id_regon + .invalid-feedback")
    expect(error).to_have_text("Podaj poprawny REGON: 9 lub 14 cyfr z prawidłową cyfrą kontrolną.")
    page.get_by_label("REGON").fill("123456785")
    page.get_by_role("button", name="Zapisz").click()

    expect(page.get_by_role("heading", name="Szkoła Podstawowa nr 2 w Myślenicach")).to_be_visible()
    expect(page.get_by_text("Placówka została dodana.")).to_be_visible()
    expect(page.get_by_text("Komenda Powiatowa Policji w Myślenicach")).to_be_visible()
    assert Institution.objects.get(rspo="61234").police_unit.short_name == "KPP Myślenice"


def test_kwp_imports_an_rspo_export(browser_world, login, page, tmp_path):
    export = tmp_path / "rspo-malopolska.csv"
    export.write_bytes(csv_bytes([
        school("54321"),
        school("54322", Nazwa="Szkoła Podstawowa nr 9 w Zabrzu", Województwo="ŚLĄSKIE", Powiat="Zabrze"),
    ], bom=True))
    login(browser_world.kwp)
    page.get_by_role("navigation").get_by_role("link", name="Placówki").click()
    page.get_by_role("link", name="Import z RSPO").click()
    page.get_by_label("Eksport z RSPO (plik CSV)").set_input_files(export)
    page.get_by_role("button", name="Prześlij i pokaż podgląd").click()

    expect(page.get_by_role("heading", name="Import z RSPO: rspo-malopolska.csv")).to_be_visible()
    expect(page.get_by_text("Plik ma 2 wiersze.")).to_be_visible()
    rejected = page.get_by_role("row", name="Szkoła Podstawowa nr 9 w Zabrzu")
    expect(rejected).to_contain_text("Spoza Małopolski (województwo: ŚLĄSKIE).")
    expect(page.get_by_role("heading", name="Nowe placówki (1)")).to_be_visible()

    page.on("dialog", lambda dialog: dialog.accept())  # "Zastosować ten import?"
    page.get_by_role("button", name="Zastosuj import").click()
    applied = "Import został zastosowany. Nowe: 1, zmienione: 0, bez zmian: 0, odrzucone: 1."
    expect(page.get_by_text(applied)).to_be_visible()
    page.get_by_role("link", name="Przejdź do listy placówek").click()
    expect(page.get_by_role("link", name="Szkoła Podstawowa nr 1 w Wieliczce")).to_be_visible()
    expect(page.get_by_text("Szkoła Podstawowa nr 9 w Zabrzu")).to_have_count(0)


def test_a_failed_login_is_explained_in_polish(browser_world, page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nazwa użytkownika").fill("kwp")
    page.get_by_label("Hasło").fill("niewlasciwe-haslo")
    page.get_by_role("button", name="Zaloguj").click()
    expect(page.get_by_text(
        "Wprowadź poprawne wartości pól nazwa użytkownika oraz hasło. Uwaga: wielkość liter ma znaczenie."
    )).to_be_visible()
    expect(page.get_by_role("heading", name="Zaloguj się")).to_be_visible()


def test_kwp_creates_a_coordinator_account(browser_world, login, page):
    login(browser_world.kwp)
    page.get_by_role("navigation").get_by_role("link", name="Użytkownicy").click()
    page.get_by_role("link", name="Dodaj użytkownika").click()
    page.get_by_label("Nazwa użytkownika").fill("m.kowalska")
    page.get_by_label("Imię").fill("Maria")
    page.get_by_label("Nazwisko").fill("Kowalska")
    page.get_by_label("Adres e-mail").fill("m.kowalska@sp2-myslenice.example.pl")
    page.get_by_label("Rola").select_option(label="Koordynator")
    page.get_by_role("button", name="Zapisz").click()

    expect(page.get_by_text(
        "Konto zostało utworzone, a na podany adres wysłano e-mail z linkiem do ustawienia hasła."
    )).to_be_visible()
    expect(page.get_by_role("row", name="Maria Kowalska")).to_contain_text("Koordynator")
    user = User.objects.get(username="m.kowalska")
    assert user.role == User.Role.COORDINATOR and not user.has_usable_password()
    assert OutgoingEmail.objects.filter(template="invitation", to=["m.kowalska@sp2-myslenice.example.pl"]).exists()
