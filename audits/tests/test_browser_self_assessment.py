import re

import pytest
from playwright.sync_api import Page, expect

from audits.tests.browser_steps import open_tab, score_every_criterion
from audits.tests.factories_self_assessments import current_edition, enrolment_for


def log_out(page: Page) -> None:
    page.context.clear_cookies()


def fill_diagnosis(page: Page) -> None:
    open_tab(page, "Diagnoza")
    page.get_by_label("Ankietowani uczniowie").fill("240")
    page.get_by_label("Ankietowani rodzice").fill("150")
    page.get_by_label("Ankietowani nauczyciele").fill("32")
    page.get_by_label("Data wizji lokalnej").fill("2026-10-05")
    page.get_by_label("Główne wnioski z diagnozy").fill("Najwięcej zdarzeń przemocy rówieśniczej w szatni.")
    page.get_by_label("Wskazane niebezpieczne miejsca").fill("Szatnia, przejście przy boisku.")
    page.get_by_role("button", name="Zapisz diagnozę").click()
    expect(page.get_by_text("Diagnoza została zapisana.")).to_be_visible()


def add_action(page: Page) -> None:
    open_tab(page, "Zintegrowany Plan Działania")
    page.get_by_label("Zagrożenie, którego dotyczy").fill("Przemoc rówieśnicza w szatni")
    page.get_by_role("textbox", name=re.compile(r"^Cel\W*$")).fill("Bezpieczna szatnia")
    page.get_by_role("textbox", name=re.compile(r"^Działanie\W*$")).fill(
        "Dyżury nauczycieli i warsztaty z dzielnicowym"
    )
    page.get_by_label("Urząd Miasta Bochnia").check()
    page.get_by_label("Termin").fill("2027-02-26")
    page.get_by_label("Status").select_option(label="W trakcie")
    page.get_by_role("button", name="Dodaj do planu").click()
    expect(page.get_by_text("Działanie zostało dodane do planu.")).to_be_visible()
    expect(page.get_by_role("cell", name="Bezpieczna szatnia", exact=True)).to_be_visible()


def submit(page: Page, button: str) -> None:
    open_tab(page, "Podsumowanie")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=button).click()
    expect(page.get_by_text("Samoocena została złożona.")).to_be_visible()


def open_for_review(page: Page, live_server, institution_name: str) -> None:
    page.goto(f"{live_server.url}/start/")
    page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Samooceny").click()
    page.get_by_role("link", name=institution_name).click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_coordinator_submits_kwp_returns_coordinator_resubmits_kwp_accepts(
    browser_world, login, page: Page, live_server, media_root
):
    world = browser_world
    edition = current_edition()
    enrolment_for(world.institution_a, edition)
    institution = world.institution_a.name

    # The coordinator starts from the start page and fills in every part.
    login(world.coordinator_a)
    expect(page.get_by_role("heading", name=f"Twoje placówki w edycji {edition.name}")).to_be_visible()
    card = page.locator("section.institution-card", has_text=institution)
    card.get_by_role("button", name=re.compile("Rozpocznij samoocenę")).click()
    expect(page.get_by_role("heading", name=f"Samoocena {edition.name}")).to_be_visible()
    fill_diagnosis(page)
    add_action(page)
    score_every_criterion(page)
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100")
    open_tab(page, "Podsumowanie")
    expect(page.get_by_text("Wszystko, co wymagane, jest wypełnione.")).to_be_visible()
    submit(page, "Złóż samoocenę")
    expect(page.get_by_text("Ta samoocena została złożona i można ją tylko przeglądać.")).to_be_visible()

    # KWP staff return it with a comment.
    log_out(page)
    login(world.kwp)
    open_for_review(page, live_server, institution)
    page.get_by_label("Co należy poprawić").fill("Proszę dopisać w diagnozie wyniki ankiet wśród rodziców.")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Zwróć do poprawy").click()
    expect(page.get_by_text("Samoocena została zwrócona koordynatorom z Twoim komentarzem.")).to_be_visible()

    # The coordinator sees the comment, corrects the diagnosis and resubmits.
    log_out(page)
    login(world.coordinator_a)
    card.get_by_role("link", name=re.compile("Kontynuuj samoocenę")).click()
    expect(page.get_by_role("note")).to_contain_text("Proszę dopisać w diagnozie wyniki ankiet wśród rodziców.")
    open_tab(page, "Diagnoza")
    page.get_by_label("Główne wnioski z diagnozy").fill(
        "Najwięcej zdarzeń przemocy rówieśniczej w szatni. Rodzice (150 ankiet) wskazują drogę do szkoły."
    )
    page.get_by_role("button", name="Zapisz diagnozę").click()
    expect(page.get_by_text("Diagnoza została zapisana.")).to_be_visible()
    submit(page, "Złóż samoocenę ponownie")

    # KWP staff accept it; the history shows every step.
    log_out(page)
    login(world.kwp)
    open_for_review(page, live_server, institution)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Przyjmij").click()
    expect(page.get_by_text("Samoocena została przyjęta.")).to_be_visible()
    history = page.get_by_role("region", name="Historia")
    expect(history.get_by_role("listitem")).to_have_count(5)
    expect(history).to_contain_text("Złożona → Przyjęta")

    # The coordinator reads that it was accepted, not that it "has been submitted".
    log_out(page)
    login(world.coordinator_a)
    page.locator("section.institution-card", has_text=institution).get_by_role(
        "link", name=re.compile("samoocen", re.IGNORECASE)).first.click()
    expect(page.get_by_text("Ta samoocena została przyjęta przez KWP i jest tylko do odczytu")).to_be_visible()
    expect(page.get_by_text("Ta samoocena została złożona")).to_have_count(0)


@pytest.mark.browser
def test_a_university_coordinator_fills_a_diagnosis_without_parents(browser_world, login, page: Page, live_server):
    from institutions.tests.factories import UniversityFactory

    world = browser_world
    university = UniversityFactory(name="Uczelnia Testowa w Krakowie", coordinators=[world.coordinator_b])
    enrolment_for(university, current_edition())

    login(world.coordinator_b)
    page.locator("section.institution-card", has_text=university.name).get_by_role(
        "button", name=re.compile("Rozpocznij samoocenę")).click()
    open_tab(page, "Diagnoza")
    expect(page.get_by_label("Ankietowani studenci")).to_be_visible()
    expect(page.get_by_label("Ankietowani pracownicy")).to_be_visible()
    expect(page.get_by_label("Ankietowani rodzice")).to_have_count(0)
    page.get_by_label("Ankietowani studenci").fill("300")
    page.get_by_label("Ankietowani pracownicy").fill("40")
    page.get_by_label("Data wizji lokalnej").fill("2026-10-01")
    page.get_by_label("Główne wnioski z diagnozy").fill("Słabe oświetlenie parkingu.")
    page.get_by_label("Wskazane niebezpieczne miejsca").fill("Parking przy akademiku.")
    page.get_by_role("button", name="Zapisz diagnozę").click()
    expect(page.get_by_text("Diagnoza została zapisana.")).to_be_visible()
    open_tab(page, "Podsumowanie")
    expect(page.get_by_text("rodziców")).to_have_count(0)
