"""The county view in headless Chromium: a unit's prevention officer opens it from the menu, sees the unit's
institutions and what needs the unit next, and reads a submitted self-assessment of the county."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from audits.models import SelfAssessment
from audits.tests.factories_audits import accepted_enrolment, planned_audit
from audits.tests.factories_self_assessments import current_edition, self_assessment_for
from institutions.tests.factories import InstitutionFactory, county

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_sees_the_county_of_the_unit(browser_world, login, page):
    edition = current_edition()
    bochnia = county("1201")
    ready = InstitutionFactory(name="SP 2 w Bochni", county=bochnia)
    accepted_enrolment(edition=edition, institution=ready)
    audited = InstitutionFactory(name="SP 3 w Bochni", county=bochnia)
    planned_audit(edition=edition, institution=audited, team=[browser_world.auditor],
                  date=timezone.localdate() + datetime.timedelta(days=10))
    submitted = self_assessment_for(browser_world.institution_a, edition=edition,
                                    status=SelfAssessment.Status.SUBMITTED)
    InstitutionFactory(name="SP 9 w Tarnowie", county=county("1263"))
    login(browser_world.officer_a)

    page.get_by_role("link", name="Widok powiatu").first.click()
    expect(page.get_by_role("heading", name="Widok powiatu: Komenda Powiatowa Policji w Bochni")).to_be_visible()
    expect(page.locator("#unit-counties")).to_contain_text("bocheński")
    table = page.locator("#unit-institutions")
    for name in (browser_world.institution_a.name, "SP 2 w Bochni", "SP 3 w Bochni"):
        expect(table.get_by_role("link", name=name)).to_be_visible()
    expect(page.get_by_text("SP 9 w Tarnowie")).to_have_count(0)
    expect(page.locator("#unit-to-plan")).to_contain_text("SP 2 w Bochni")
    expect(page.locator("#unit-unstaffed")).to_contain_text("SP 3 w Bochni")
    expect(page.locator('[data-number="institutions"]')).to_have_text("3")

    row = table.locator("tr", has_text=browser_world.institution_a.name)
    row.get_by_role("link", name="Złożona").click()
    expect(page).to_have_url(re.compile(re.escape(submitted.get_absolute_url()) + "$"))
    expect(page.get_by_role("heading", name=f"Samoocena {edition.name}")).to_be_visible()
