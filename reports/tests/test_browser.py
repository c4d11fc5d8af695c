"""The dashboards in headless Chromium: each role logs in and sees its start page; KWP staff follow a number."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from audits.models import Audit
from audits.tests.factories_audits import planned_audit
from audits.tests.factories_self_assessments import current_edition, self_assessment_for
from reports.models import ExportJob

from .factories import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_kwp_sees_the_dashboard_and_follows_a_number_to_its_list(browser_world, login, page):
    built = build(10)
    passed = Audit.objects.filter(enrolment__edition=built.edition, status="signed", passed=True)
    login(browser_world.kwp)

    page.get_by_label("Edycja", exact=True).select_option(built.edition.name)
    page.get_by_role("button", name="Pokaż").click()
    expect(page.get_by_role("heading", name=f"Edycja {built.edition.name} w liczbach")).to_be_visible()
    for name in ("counties", "trend", "areas"):
        expect(page.locator(f"#chart-{name}")).to_be_visible()
        expect(page.locator(f"#table-{name} caption")).to_be_visible()
    assert page.evaluate("typeof Chart") == "function"  # the vendored library loaded and drew the charts
    assert page.evaluate("Chart.getChart(document.getElementById('chart-counties')) !== undefined")

    number = page.locator('[data-number="audits-passed"]')
    expect(number).to_have_text(str(passed.count()))
    number.click()
    expect(page.get_by_role("heading", name=f"Audyty edycji {built.edition.name}")).to_be_visible()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(passed.count())
    for audit in passed:
        expect(page.get_by_role("link", name=audit.enrolment.institution.name)).to_be_visible()


def test_a_coordinator_sees_what_is_due_for_their_institution(browser_world, login, page):
    assessment = self_assessment_for(browser_world.institution_a, edition=current_edition())
    login(browser_world.coordinator_a)

    card = page.locator("section.institution-card", has_text=browser_world.institution_a.name)
    expect(card).to_be_visible()
    expect(card.get_by_text("30 dni do terminu")).to_be_visible()
    expect(card.get_by_text("Plan działania: dodaj co najmniej jedno działanie.")).to_be_visible()
    card.get_by_role("link", name=f"Kontynuuj samoocenę – {browser_world.institution_a.name}").click()
    expect(page).to_have_url(re.compile(re.escape(assessment.get_absolute_url()) + "$"))


def test_an_auditor_sees_the_audits_to_score_and_opens_one(browser_world, login, page):
    today = timezone.localdate()
    audit = planned_audit(team=[browser_world.auditor], date=today - datetime.timedelta(days=1))
    upcoming = planned_audit(team=[browser_world.auditor], date=today + datetime.timedelta(days=7))
    login(browser_world.auditor)

    to_score = page.locator("#audits-to-score")
    expect(to_score.get_by_role("link", name=str(audit.enrolment.institution))).to_be_visible()
    expect(
        page.locator("#audits-upcoming").get_by_role("link", name=str(upcoming.enrolment.institution))
    ).to_be_visible()
    to_score.get_by_role("link", name=str(audit.enrolment.institution)).click()
    expect(page).to_have_url(re.compile(re.escape(audit.get_absolute_url()) + "$"))


def test_kwp_follows_the_not_started_number_to_the_institutions_behind_it(browser_world, login, page):
    built = build(10)
    login(browser_world.kwp)
    page.goto(page.url.split("/start/")[0] + f"/start/?edition={built.edition.pk}")
    number = page.locator('[data-number="sa-not_started"]')
    expect(number).to_have_text("1")
    number.click()
    not_started = page.locator("#not-started li")
    expect(not_started).to_have_count(1)
    expect(not_started.first).to_be_visible()  # the list is open, not folded away


@pytest.mark.celery
def test_kwp_exports_the_filtered_list_follows_progress_and_downloads_it(celery_worker, browser_world, login, page,
                                                                        live_server):
    login(browser_world.kwp)
    page.get_by_role("navigation").get_by_role("link", name="Placówki").click()
    page.get_by_label("Szukaj").fill("Bochni")
    page.get_by_role("button", name="Filtruj").click()
    on_screen = page.locator("table tbody tr").count()
    page.get_by_role("button", name="XLSX").click()

    # The request only ordered the file: its page shows the progress until the worker has built it.
    expect(page.get_by_role("heading", name="Eksport: Placówki (XLSX)")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Postęp eksportu")).to_be_visible()
    download_link = page.get_by_role("link", name="Pobierz placowki.xlsx")
    expect(download_link).to_be_visible(timeout=30_000)
    expect(page.get_by_role("progressbar", name="Postęp eksportu")).to_have_attribute("aria-valuenow", "100")
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename == "placowki.xlsx"
    rows = list(load_workbook(io.BytesIO(download.value.path().read_bytes())).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("Nazwa", "Typ")
    assert [row[0] for row in rows[1:]] == [browser_world.institution_a.name] and on_screen == 1

    # The job is listed under "Moje eksporty"; to anyone else its file does not exist.
    page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Moje eksporty").click()
    expect(page.get_by_role("link", name="Pobierz placowki.xlsx")).to_be_visible()
    job = ExportJob.objects.get(created_by=browser_world.kwp)
    page.context.clear_cookies()
    login(browser_world.coordinator_a)
    response = page.goto(f"{live_server.url}{reverse('reports:export-job-download', args=[job.pk])}")
    assert response is not None and response.status == 404
