"""The audit protocol in a real browser with a real worker: two auditors write recommendations, the lead
signs, the worker renders the numbered protocol, the coordinator downloads it; KWP reopens the audit (the
protocol is marked superseded) and the next signature issues version 2. Then, in the next edition, the
coordinator answers the recommendations and the auditors read the answers."""

import re

import pytest
from playwright.sync_api import expect

from audits.models import AuditProtocol
from audits.tests.factories_audits import edition_of, planned_audit, score_all
from audits.tests.factories_self_assessments import current_edition, self_assessment_for
from certification.tests.helpers import pdf_text
from institutions.tests.factories import AuditorFactory, InstitutionFactory, county, police_unit
from zpb.tests.helpers import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.celery, pytest.mark.django_db(transaction=True)]


def _protocols_ready(audit, count: int) -> bool:
    protocols = AuditProtocol.objects.filter(audit=audit)
    return protocols.count() == count and all(p.pdf_status == "ready" for p in protocols)


def _add_recommendation(page, text: str) -> None:
    page.get_by_label("Nowe zalecenie").fill(text)
    page.get_by_role("button", name="Dodaj zalecenie").click()
    expect(page.get_by_text("Dodano zalecenie.")).to_be_visible()
    expect(page.locator("#recommendation-list")).to_contain_text(text)


def _sign(page) -> None:
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Podpisz audyt").click()
    expect(page.get_by_text("Audyt podpisano; koordynatorzy zostali powiadomieni o wyniku.")).to_be_visible()


def test_recommendations_signature_protocol_download_and_a_new_version(
    celery_worker, browser_world, login, page, tmp_path, live_server
):
    w = browser_world
    member = AuditorFactory(first_name="Jacek", last_name="Baran", police_unit=police_unit("KPP Bochnia"))
    school = InstitutionFactory(name="Szkoła Podstawowa nr 5 w Bochni", county=county("1201"),
                                coordinators=[w.coordinator_a])
    audit = planned_audit(edition=edition_of(2098), institution=school, team=[w.auditor, member])
    score_all(audit)

    login(member)
    page.goto(live_server.url + audit.get_absolute_url())
    _add_recommendation(page, "Oznakować drogi ewakuacyjne w nowym skrzydle.")

    page.context.clear_cookies()
    login(w.auditor)
    page.goto(live_server.url + audit.get_absolute_url())
    _add_recommendation(page, "Wprowadzić dyżury nauczycieli w szatni.")
    _sign(page)
    protocols = page.locator("#protocol-list")
    expect(protocols).to_contain_text(re.compile(r"P/\d{4}/\d{4}"))
    assert wait_for(lambda: _protocols_ready(audit, 1))
    number = AuditProtocol.objects.get(audit=audit).number

    page.context.clear_cookies()
    login(w.coordinator_a)
    page.goto(live_server.url + audit.get_absolute_url())
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Pobierz PDF – {number}").click()
    path = tmp_path / "protokol.pdf"
    download.value.save_as(path)
    text = " ".join(pdf_text(path.read_bytes(), tmp_path).split())
    for expected in ("Protokół z audytu", number, school.name, "Oznakować drogi ewakuacyjne w nowym skrzydle.",
                     "Wprowadzić dyżury nauczycieli w szatni.", "Adam Zieliński", "Jacek Baran",
                     "Wynik: pozytywny", "Próg według regulaminu"):
        assert expected in text, expected

    page.context.clear_cookies()
    login(w.kwp)
    page.goto(live_server.url + audit.get_absolute_url())
    page.get_by_text("Otwórz audyt ponownie").click()
    page.get_by_label("Powód").fill("Błąd w ocenie kryterium 1.1.")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Otwórz ponownie").click()
    expect(page.locator(f'[data-protocol="{number}"]')).to_contain_text("zastąpiony")

    page.context.clear_cookies()
    login(w.auditor)
    page.goto(live_server.url + audit.get_absolute_url())
    _sign(page)
    expect(page.locator(f'[data-protocol="{number} (wersja 2)"]')).to_contain_text("aktualny")
    expect(page.locator(f'[data-protocol="{number}"]')).to_contain_text("zastąpiony")
    assert wait_for(lambda: _protocols_ready(audit, 2))


def test_the_coordinator_answers_last_editions_recommendations(browser_world, login, page, live_server):
    w = browser_world
    from audits.services.audits import audit_sign
    from audits.services.protocols import recommendation_add

    last_year = planned_audit(edition=edition_of(current_edition().start_year - 1), institution=w.institution_a,
                              team=[w.auditor])
    score_all(last_year)
    recommendation_add(audit=last_year, text="Zorganizować warsztaty o cyberprzemocy.", by=w.auditor)
    audit_sign(audit=last_year, by=w.auditor)
    assessment = self_assessment_for(w.institution_a, edition=current_edition())

    login(w.coordinator_a)
    page.goto(live_server.url + assessment.get_absolute_url())
    section = page.get_by_role("region", name="Zalecenia z ostatniego audytu")
    expect(section).to_contain_text("Zorganizować warsztaty o cyberprzemocy.")
    expect(page.get_by_text("Zalecenia z ostatniego audytu: opisz, jak zrealizowano każde z nich")).to_be_visible()
    section.get_by_label(re.compile("Zorganizować warsztaty")).fill("Dwa warsztaty z KPP Bochnia w marcu.")
    section.get_by_role("button", name="Zapisz odpowiedzi").click()
    expect(page.get_by_text("Zapisano odpowiedzi.")).to_be_visible()
    answer = page.get_by_label(re.compile("Zorganizować warsztaty"))
    expect(answer).to_have_value("Dwa warsztaty z KPP Bochnia w marcu.")
    expect(page.get_by_text("Zalecenia z ostatniego audytu: opisz")).to_have_count(0)
