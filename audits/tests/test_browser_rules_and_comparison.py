"""The public rulebook page and its PDF; last edition's scores beside this one's; KWP's criteria view."""

import re
import subprocess

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from audits.models import CriterionAnswer
from audits.tests.browser_steps import open_tab
from audits.tests.factories import SelfAssessmentFactory
from audits.tests.factories_audits import signed_audit
from audits.tests.factories_editions import open_edition
from audits.tests.factories_self_assessments import current_edition, enrolment_for


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_anyone_reads_the_rules_in_force_and_downloads_the_pdf(browser_world, page: Page, live_server):
    cache.clear()
    edition = open_edition(current_edition().starts_on)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Zasady certyfikacji").click()
    expect(page.get_by_role("heading", name="Zasady certyfikacji", level=1)).to_be_visible()
    section = page.get_by_role("region", name=re.compile(f"{edition.spb_rulebook.name}$"))
    expect(section.get_by_role("cell", name="Diagnoza zagrożeń")).to_be_visible()
    expect(section.get_by_text("do zaliczenia potrzeba 28 z 35 pkt (80%)")).to_be_visible()
    href = section.get_by_role("link", name=re.compile("Pobierz jako PDF")).get_attribute("href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=response.body(), capture_output=True,
                          check=True).stdout.decode()
    assert edition.spb_rulebook.name in text
    assert re.search(r"1\.1\s+Diagnoza zagrożeń\s+10 wymagane", text)
    assert "do zaliczenia potrzeba 28 z 35 pkt (80%)" in text


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_last_editions_scores_beside_this_ones_and_the_region_view(browser_world, login, page: Page, live_server):
    world = browser_world
    edition = current_edition()
    last = signed_audit(edition=open_edition(edition.starts_on.replace(year=edition.start_year - 1)),
                        institution=world.institution_a, points={"1.1": 6})
    CriterionAnswer.objects.filter(self_assessment__enrolment=last.enrolment, criterion__code="1.1").update(score=8)
    assessment = SelfAssessmentFactory(enrolment=enrolment_for(world.institution_a, edition))

    login(world.coordinator_a)
    page.goto(f"{live_server.url}{assessment.get_absolute_url()}")
    open_tab(page, "Kryteria")
    card = page.locator("article[id^=criterion-]", has_text="1.1 Diagnoza zagrożeń")
    expect(card.get_by_text(f"Edycja {last.enrolment.edition.name}:")).to_contain_text(
        "samoocena punktowa 8, ocena audytu 6")

    page.context.clear_cookies()
    login(world.kwp)
    page.goto(f"{live_server.url}/audits/self-assessments/?edition={last.enrolment.edition.pk}")
    page.get_by_role("link", name="Kryteria w regionie: samooceny wobec ocen audytu").click()
    row = page.get_by_role("row", name=re.compile("1.1 Diagnoza zagrożeń"))
    expect(row).to_contain_text("8,0 (80 %)")
    expect(row).to_contain_text("6,0 (60 %)")
