"""The audit flow in a real browser: KWP plans, two auditors score, the lead signs, the coordinator reads."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from audits.models import Audit
from audits.tests.factories_audits import accepted_enrolment, edition_of, free_past_edition, planned_audit
from institutions.tests.factories import AuditorFactory, InstitutionFactory, county, police_unit
from zpb.tests.test_browser_axe import AXE, violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def start_planning(page, institution, date: str, lead: str = "Adam Zieliński") -> None:
    """KWP opens planning from the menu, ticks the institution, gives the date and `lead` as the team lead."""
    page.get_by_role("link", name="Audyty", exact=True).click()
    page.get_by_role("link", name="Planuj audyty").first.click()
    page.get_by_label(institution.name, exact=True).check()
    page.get_by_label("Data audytu", exact=True).fill(date)
    page.get_by_label(lead, exact=True).check()
    page.get_by_label(f"Kierownik zespołu: {lead}").check()


def test_kwp_plans_an_audit_with_a_team(browser_world, login, page):
    w = browser_world
    edition = edition_of(2099)  # the newest edition with an accepted self-assessment: the one "Audyty" opens
    accepted_enrolment(edition=edition, institution=w.institution_a)
    AuditorFactory(first_name="Jacek", last_name="Baran", police_unit=police_unit("KPP Bochnia"))

    login(w.kwp)
    start_planning(page, w.institution_a, "2100-05-18")
    page.get_by_label("Jacek Baran", exact=True).check()
    page.get_by_role("button", name="Zaplanuj zaznaczone audyty").click()

    expect(page.get_by_text("Zaplanowano 1 audyt.")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=w.institution_a.name)
    expect(row).to_contain_text("18.05.2100")
    expect(row).to_contain_text("Zaplanowany")
    expect(row).to_contain_text("Adam Zieliński")
    expect(row).to_contain_text("Jacek Baran")


def test_kwp_finds_an_auditor_outside_the_suggestions_by_typing_and_plans_with_him(browser_world, login, page):
    w = browser_world
    edition = edition_of(2099)
    accepted_enrolment(edition=edition, institution=w.institution_a)
    AuditorFactory(first_name="Zenon", last_name="Daleki", police_unit=police_unit("KPP Zakopane"))
    page.context.add_init_script(path=str(AXE))

    login(w.kwp)
    start_planning(page, w.institution_a, "2100-05-18")
    expect(page.get_by_label("Zenon Daleki", exact=True)).to_have_count(0)  # Zakopane's: not suggested

    search = page.get_by_label("Znajdź audytora")
    search.press_sequentially("dale", delay=50)
    expect(page.get_by_text("1 audytor pasujący do „dale” jest na końcu listy.")).to_be_visible()
    expect(page.get_by_label("Zenon Daleki", exact=True)).to_be_visible()
    expect(search).to_be_focused()
    expect(search).to_have_value("dale")
    expect(page.get_by_label("Adam Zieliński", exact=True)).to_be_checked()  # the ticks survive the search
    expect(page.get_by_label("Kierownik zespołu: Adam Zieliński")).to_be_checked()
    assert violations(page) == []
    page.get_by_label("Zenon Daleki", exact=True).check()
    page.get_by_role("button", name="Zaplanuj zaznaczone audyty").click()

    expect(page.get_by_text("Zaplanowano 1 audyt.")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=w.institution_a.name)
    expect(row).to_contain_text("18.05.2100")
    expect(row).to_contain_text("Adam Zieliński")
    expect(row).to_contain_text("Zenon Daleki")
    assert violations(page) == []


def score(page, title: str, points: int, comment: str = "") -> None:
    criterion = page.get_by_role("article", name=title)
    criterion.get_by_label(re.compile(r"Punkty audytu")).fill(str(points))
    if comment:
        criterion.get_by_label("Komentarz").fill(comment)
    criterion.get_by_role("button", name=re.compile(r"^Zapisz")).click()
    expect(page.get_by_role("article", name=title).get_by_text("Zapisano.")).to_be_visible()


def test_two_auditors_score_the_lead_signs_and_the_coordinator_sees_the_result(browser_world, login, page):
    w = browser_world
    member = AuditorFactory(first_name="Jacek", last_name="Baran", police_unit=police_unit("KPP Bochnia"))
    school = InstitutionFactory(name="Szkoła Podstawowa nr 5 w Bochni", county=county("1201"),
                                coordinators=[w.coordinator_a])
    # Self-scores of 5 on each criterion (1.1, 2.1 and 2.2 are worth 10, 1.2 is worth 5).
    audit = planned_audit(edition=free_past_edition(), institution=school, team=[w.auditor, member], self_score=5)

    login(member)
    page.get_by_role("link", name="Moje audyty").first.click()
    page.get_by_role("link", name=school.name).click()
    score(page, "1.2 Wizja lokalna", 5)
    expect(page.get_by_text("Oceniono: 1 z 4 kryteriów")).to_be_visible()
    score(page, "1.1 Diagnoza zagrożeń", 4, "Brak ankiet dla rodziców.")
    expect(page.get_by_text("Audyt podpisuje kierownik zespołu")).to_be_visible()

    page.context.clear_cookies()
    login(w.auditor)
    page.get_by_role("link", name="Moje audyty").first.click()
    page.get_by_role("link", name=school.name).click()
    score(page, "2.1 Zintegrowany plan działania", 10, "Plan w pełni zrealizowany z partnerami.")
    score(page, "2.2 Ewaluacja", 9, "Ewaluacja rzetelna, brak wniosków na kolejny rok.")
    expect(page.get_by_text("Oceniono: 4 z 4 kryteriów")).to_be_visible()
    expect(page.get_by_text("Wymóg regulaminu: do zaliczenia potrzeba 28 z 35 pkt (80%).")).to_be_visible()
    page.get_by_label("Podsumowanie").fill("Placówka dobrze współpracuje z partnerami.")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Podpisz audyt").click()
    expect(page.get_by_text("Audyt podpisano; koordynatorzy zostali powiadomieni o wyniku.")).to_be_visible()
    # 4 + 5 + 10 + 9 = 28 of 35: exactly the 80 % threshold, which passes.
    expect(page.get_by_text("28 / 35")).to_be_visible()
    expect(page.get_by_text("do zaliczenia potrzeba 28 z 35 pkt (80%)")).to_be_visible()
    assert Audit.objects.get(pk=audit.pk).passed is True

    page.context.clear_cookies()
    login(w.coordinator_a)
    page.get_by_role("link", name="Moje placówki").click()
    page.get_by_role("link", name=school.name).click()
    audits = page.get_by_role("region", name="Audyty")
    expect(audits).to_contain_text("28/35")
    expect(audits).to_contain_text("pozytywny")
    audits.get_by_role("link", name=re.compile("Oceny i zalecenia")).click()
    expect(page.get_by_text("Brak ankiet dla rodziców.")).to_be_visible()
    expect(page.get_by_text("Placówka dobrze współpracuje z partnerami.")).to_be_visible()


def test_kwp_is_warned_about_a_saturday_audit_but_it_is_planned(browser_world, login, page):
    w = browser_world
    edition = edition_of(2099)
    accepted_enrolment(edition=edition, institution=w.institution_a)

    login(w.kwp)
    start_planning(page, w.institution_a, "2100-05-15")
    page.get_by_role("button", name="Zaplanuj zaznaczone audyty").click()

    expect(page.get_by_text("Zaplanowano 1 audyt.")).to_be_visible()
    expect(page.get_by_text(f"{w.institution_a.name}: 15.05.2100 to sobota.")).to_be_visible()
    expect(page.get_by_text(f"{w.institution_a.name}: w zespole nie ma nikogo z KPP Bochnia")).to_be_visible()


def test_kwp_opens_a_busy_day_of_the_calendar_and_finds_the_double_booked_auditor(browser_world, login, page,
                                                                                  monkeypatch):
    monkeypatch.setattr("audits.views.audits.PAGE_SIZE", 5)  # the live server runs in this process
    w = browser_world
    edition = edition_of(2099)
    on = edition.audit_window_start + datetime.timedelta(days=7 - edition.audit_window_start.weekday() + 2)
    twice = AuditorFactory(first_name="Piotr", last_name="Podwójny")
    for n in range(10):
        planned_audit(edition=edition, date=on, institution=InstitutionFactory(name=f"Szkoła Podstawowa nr {n + 1}"))
    for name in ("Żłobek Miejski nr 1", "Żłobek Miejski nr 2"):
        planned_audit(edition=edition, date=on, team=[twice], institution=InstitutionFactory(name=name))
    page.context.add_init_script(path=str(AXE))

    login(w.kwp)
    page.get_by_role("link", name="Audyty", exact=True).click()
    page.get_by_role("link", name="Kalendarz", exact=True).click()
    cell = page.get_by_role("cell").filter(has_text="12 audytów")
    expect(cell.get_by_role("link", name="1 podwójnie zajęty audytor")).to_be_visible()
    expect(cell.get_by_role("listitem")).to_have_count(8)
    expect(cell.get_by_role("listitem").first).to_contain_text("Żłobek Miejski nr 1")
    expect(cell.get_by_role("listitem").first).to_contain_text("Piotr Podwójny")
    assert violations(page) == []

    cell.get_by_role("link", name="i jeszcze 4 audyty").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(on.strftime("%d.%m.%Y"))
    expect(page.get_by_text("1 podwójnie zajęty audytor")).to_be_visible()
    rows = page.get_by_role("row").filter(has=page.get_by_role("link"))
    expect(rows).to_have_count(5)
    expect(rows.first).to_contain_text("Żłobek Miejski nr 1")
    expect(rows.first).to_contain_text("Piotr Podwójny")
    expect(rows.first).to_contain_text("ma tego dnia inny audyt")
    assert violations(page) == []
    page.get_by_role("link", name="Następna").click()
    expect(page.get_by_text("Strona 2 z 3")).to_be_visible()
    page.get_by_role("link", name="Następna").click()
    expect(rows).to_have_count(2)
    expect(page.get_by_text("Piotr Podwójny")).to_have_count(0)

    page.get_by_label("Tylko z podwójnie zajętym audytorem").check()
    page.get_by_role("button", name="Filtruj").click()
    expect(rows).to_have_count(2)
    expect(page.get_by_text("Piotr Podwójny")).to_have_count(2)
    page.get_by_role("link", name="Powrót do tygodnia").click()
    expect(page.get_by_role("cell").filter(has_text="12 audytów")).to_be_visible()
