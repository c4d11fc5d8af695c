"""Coordinators open a survey and print the letter, respondents answer on phones, results show above the
minimum, paper tallies add up, the diagnosis counts fill in, KWP compares counties."""

import datetime
import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from audits.models import Evidence
from audits.tests.factories import SelfAssessmentFactory
from surveys.models import Round

from .factories import default_questionnaires

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


def field(page, label: str):
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\*?\s*$"))


def answer_on_a_phone(browser, url: str, choice: str) -> None:
    context = browser.new_context(viewport=PHONE, locale="pl-PL", is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.goto(url)
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Ankieta dla rodziców")
    first = phone.get_by_role("group").first
    first.get_by_label(choice, exact=True).check()
    phone.get_by_role("button", name="Wyślij odpowiedzi").click()
    expect(phone.get_by_role("heading", name="Dziękujemy za odpowiedzi")).to_be_visible()
    # The same phone cannot answer twice.
    phone.goto(url)
    expect(phone.get_by_role("heading", name="Dziękujemy za odpowiedzi")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_a_school_s_survey_from_opening_to_results(browser_world, login, page, live_server, browser, settings):
    settings.SURVEY_MIN_RESPONDENTS = 3
    default_questionnaires()
    world = browser_world
    SelfAssessmentFactory(enrolment=world.enrolment_a)
    closes = timezone.localdate() + datetime.timedelta(days=14)

    # The coordinator opens a survey of parents from the enrolment page.
    login(world.coordinator_a)
    page.goto(live_server.url + reverse("audits:enrolment-detail", args=[world.enrolment_a.pk]))
    page.get_by_role("link", name="Ankiety i wyniki").click()
    page.get_by_role("link", name="Otwórz ankietę").click()
    field(page, "Kto odpowiada").select_option(label="Rodzice")
    field(page, "Zamknięcie").fill(closes.isoformat())
    field(page, "Klasa lub grupa (nieobowiązkowo)").fill("rodzice klas 4")
    page.get_by_role("button", name="Otwórz ankietę").click()
    expect(page.get_by_text("Ankieta jest otwarta")).to_be_visible()
    link = page.locator("#public-link").get_attribute("href")
    round = Round.objects.get(label="rodzice klas 4")
    assert link.endswith(reverse("surveys-public:answer", args=[round.token]))

    # The letter to print: the school, the link and the closing day.
    href = page.get_by_role("link", name="List z linkiem (PDF)").get_attribute("href")
    letter = page.request.get(live_server.url + href)
    assert letter.headers["content-type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-", "-"], input=letter.body(), capture_output=True, check=True).stdout.decode()
    assert world.institution_a.name in text and round.token in text.replace("\n", "")
    assert closes.strftime("%d.%m.%Y") in text

    # Three parents answer on their phones.
    public = live_server.url + reverse("surveys-public:answer", args=[round.token])
    answer_on_a_phone(browser, public, "5")
    answer_on_a_phone(browser, public, "4")
    results = live_server.url + reverse("surveys:results", args=[world.enrolment_a.pk])
    page.goto(results)
    parents = page.get_by_role("region", name="Rodzice")
    expect(parents.get_by_text("Za mało odpowiedzi, aby je pokazać bez ryzyka dla anonimowości.")).to_be_visible()
    answer_on_a_phone(browser, public, "5")
    page.goto(results)
    expect(parents.get_by_role("status")).to_have_count(0)
    first = parents.get_by_role("table").first
    expect(first.get_by_role("row", name=re.compile(r"^5 67% \(2\)"))).to_be_visible()
    expect(first.get_by_role("row", name=re.compile(r"^4 33% \(1\)"))).to_be_visible()

    # Two paper questionnaires: both ticked 4 in the first question.
    page.goto(live_server.url + round.get_absolute_url())
    page.get_by_role("link", name="Wpisz odpowiedzi z papieru").click()
    field(page, "Zebrane ankiety papierowe").fill("2")
    page.get_by_role("group").first.get_by_label("4", exact=True).fill("2")
    page.get_by_role("button", name="Zapisz odpowiedzi z papieru").click()
    expect(page.get_by_text("Odpowiedzi z papieru są zapisane.")).to_be_visible()
    page.goto(results)
    expect(parents.get_by_text(re.compile(r"5 osób \(w internecie i na papierze\)"))).to_be_visible()
    first = parents.get_by_role("table").first
    expect(first.get_by_role("row", name=re.compile(r"^4 60% \(3\)"))).to_be_visible()

    # The results PDF goes to a criterion of the self-assessment as evidence.
    attach = page.locator("#results-evidence")
    attach.get_by_label("Załącz wyniki ankiet (PDF) jako dowód do kryterium").select_option(index=1)
    attach.get_by_role("button", name="Załącz wyniki").click()
    expect(page.get_by_text("Wyniki ankiet (PDF) zostały załączone do kryterium jako dowód.")).to_be_visible()
    assert Evidence.objects.filter(answer__self_assessment__enrolment=world.enrolment_a,
                                   content_type="application/pdf").count() == 1

    # The head counts go to the self-assessment's diagnosis, from its diagnosis tab.
    assessment = world.enrolment_a.self_assessment
    page.goto(live_server.url + reverse("audits:self-assessment-diagnosis", args=[assessment.pk]))
    expect(page.locator("#diagnosis-surveys")).to_contain_text("rodzice 5")
    page.get_by_role("button", name="Wpisz liczby ankietowanych do diagnozy").click()
    expect(page.get_by_text("Liczby ankietowanych zostały wpisane do diagnozy w samoocenie.")).to_be_visible()
    expect(page.get_by_role("heading", name="Diagnoza", exact=True)).to_be_visible()
    expect(field(page, "Ankietowani rodzice")).to_have_value("5")

    # KWP compares the counties.
    page.context.clear_cookies()
    login(world.kwp)
    page.get_by_role("navigation").get_by_role("link", name="Ankiety").click()
    page.get_by_role("link", name="Wyniki w województwie").click()
    field(page, "Edycja").select_option(label=world.enrolment_a.edition.name)
    field(page, "Ankieta").select_option(
        label=f"Szkoła Promująca Bezpieczeństwo · Rodzice · v{round.questionnaire.version}")
    page.get_by_role("button", name="Pokaż").click()
    table = page.get_by_role("table").first
    expect(table.get_by_role("row", name=re.compile(r"^bocheński 5 "))).to_be_visible()
    expect(table.get_by_role("row", name=re.compile(r"^Województwo 5 "))).to_be_visible()
