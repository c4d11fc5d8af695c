"""Clicking through as KWP staff and as a member of the public, in headless Chromium."""

import datetime

import pytest
from playwright.sync_api import expect

from institutions.tests.factories import InstitutionFactory

from . import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def accept_confirmations(page):
    page.on("dialog", lambda dialog: dialog.accept())


@pytest.mark.celery
def test_kwp_issues_the_certificate_of_a_granted_decision_and_downloads_its_pdf(
    celery_worker, browser_world, login, page
):
    # The grant comes from the Komendant's approval of the commission's list (test_browser_commission.py).
    school = InstitutionFactory(name="Szkoła Podstawowa nr 9 im. Józefa Piłsudskiego w Wieliczce", town="Wieliczka")
    factories.decision(institution=school)
    accept_confirmations(page)
    login(browser_world.kwp)

    page.get_by_role("link", name="Certyfikaty", exact=True).first.click()
    page.get_by_role("link", name="Decyzje").click()
    page.get_by_role("button", name=f"Wydaj certyfikat – {school.name}").click()
    expect(page.get_by_text("Wydano certyfikat SPB/")).to_be_visible()
    download_link = page.get_by_role("link", name="Pobierz PDF")
    expect(download_link).to_be_visible(timeout=30_000)  # the worker renders it; the page polls
    with page.expect_download() as download:
        download_link.click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


@pytest.mark.celery
def test_kwp_batch_issues_certificates_and_sees_the_progress_reach_100_percent(
    celery_worker, browser_world, login, page
):
    for n in range(3):
        factories.decision(institution=InstitutionFactory(name=f"Szkoła Podstawowa nr {n + 1} w Myślenicach"))
    accept_confirmations(page)
    login(browser_world.kwp)

    page.get_by_role("link", name="Certyfikaty", exact=True).first.click()
    page.get_by_role("link", name="Wydaj certyfikaty").first.click()
    for checkbox in page.get_by_role("checkbox").all():
        checkbox.check()
    page.get_by_role("button", name="Wydaj zaznaczone certyfikaty").click()

    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100", timeout=30_000)
    expect(page.get_by_text("Gotowe PDF: 3 z 3")).to_be_visible()
    expect(page.get_by_role("link", name="Pobierz wszystkie PDF (ZIP)")).to_be_visible()


def test_the_public_verifies_a_certificate_by_typing_its_code(browser_world, live_server, page):
    certificate = factories.certificate(institution=InstitutionFactory(name="Technikum Łączności w Nowym Sączu",
                                                                       town="Nowy Sącz"))
    page.goto(live_server.url)
    page.get_by_role("link", name="Sprawdź certyfikat").click()
    page.get_by_label("Kod weryfikacyjny").fill(certificate.code_display)
    page.get_by_role("button", name="Sprawdź", exact=True).click()

    expect(page.get_by_role("heading", name="Certyfikat jest ważny")).to_be_visible()
    expect(page.get_by_text("Technikum Łączności w Nowym Sączu, Nowy Sącz")).to_be_visible()
    expect(page.get_by_text(certificate.number)).to_be_visible()


def test_a_coordinator_opens_the_whole_timeline_from_the_institution_page(browser_world, login, page):
    from zpb.tests.test_browser_axe import AXE, violations

    school = browser_world.institution_a
    school.joined_on = datetime.date(2015, 9, 1)
    school.save()
    for year in (2021, 2023, 2025):
        factories.certificate(institution=school, year=year)
    page.context.add_init_script(path=str(AXE))
    login(browser_world.coordinator_a)

    page.get_by_role("link", name="Moje placówki").first.click()
    page.get_by_role("link", name=school.name).first.click()
    history = page.get_by_role("region", name="Historia w programie")
    expect(history.get_by_role("listitem")).to_have_count(10)
    expect(history.get_by_text("Przystąpienie do programu")).to_have_count(0)
    assert violations(page) == []

    history.get_by_role("link", name="Cała historia w programie").click()
    expect(page.get_by_role("heading", level=1, name="Historia w programie")).to_be_visible()
    expect(page.get_by_text("Przystąpienie do programu")).to_be_visible()
    assert page.get_by_role("listitem").filter(has=page.locator("time")).count() > 10
    assert violations(page) == []
    page.get_by_role("link", name=school.name).click()  # the breadcrumb leads back
    expect(page.get_by_role("heading", level=1, name=school.name)).to_be_visible()
