"""A coordinator starts a new edition's self-assessment and carries over last year's unfinished work."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from audits.models import ActionPlanItem, SelfAssessment
from audits.tests.browser_steps import open_tab
from audits.tests.factories import EditionFactory
from audits.tests.factories_self_assessments import ActionPlanItemFactory, current_edition, enrolment_for
from partners.tests.factories import PartnerFactory, PartnershipFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_coordinator_carries_over_unfinished_work_into_a_new_edition(browser_world, login, page: Page, live_server):
    world = browser_world
    edition = current_edition()
    last_year = EditionFactory(start_year=edition.start_year - 1)
    old = SelfAssessment.objects.create(
        enrolment=enrolment_for(world.institution_a, last_year), edition=last_year,
        status=SelfAssessment.Status.ACCEPTED,
        dangerous_places="Przejście przy boisku bez oświetlenia.",
    )
    partner = PartnerFactory(name="Straż Miejska Bochnia")
    partnership = PartnershipFactory(institution=world.institution_a, partner=partner)
    unfinished = ActionPlanItemFactory(self_assessment=old, goal="Oświetlone przejście",
                                       status=ActionPlanItem.Status.IN_PROGRESS,
                                       deadline=datetime.date(last_year.start_year + 1, 3, 31))
    unfinished.partnerships.set([partnership])
    ActionPlanItemFactory(self_assessment=old, goal="Warsztaty zakończone", status=ActionPlanItem.Status.DONE)
    enrolment_for(world.institution_a, edition)

    login(world.coordinator_a)
    card = page.locator("section.institution-card", has_text=world.institution_a.name)
    card.get_by_role("button", name=re.compile("Rozpocznij samoocenę")).click()
    offer = page.get_by_role("region", name=f"Przenieś z edycji {last_year.name}")
    expect(offer).to_be_visible()
    offer.get_by_role("button", name=f"Przenieś z edycji {last_year.name}").click()
    expect(page.get_by_text(f"1 niezakończone działanie przeniesiono z edycji {last_year.name}.")).to_be_visible()

    # The copy is in the plan, marked, with its partner; the finished one is not.
    row = page.get_by_role("row", name=re.compile("Oświetlone przejście"))
    expect(row.get_by_text(f"przeniesione z edycji {last_year.name}")).to_be_visible()
    expect(row.get_by_text("Straż Miejska Bochnia")).to_be_visible()
    expect(page.get_by_text("Warsztaty zakończone")).to_have_count(0)
    expect(page.get_by_role("region", name=f"Przenieś z edycji {last_year.name}")).to_have_count(0)

    # It is editable like any action.
    row.get_by_role("link", name=re.compile("Edytuj")).click()
    page.get_by_label("Status").select_option(label="Zrealizowane")
    page.get_by_role("button", name=re.compile("Zapisz")).click()
    expect(page.get_by_text("Działanie zostało zapisane.")).to_be_visible()

    # The dangerous places are in the diagnosis, marked too.
    open_tab(page, "Diagnoza")
    expect(page.get_by_label("Wskazane niebezpieczne miejsca")).to_have_value("Przejście przy boisku bez oświetlenia.")
    expect(page.get_by_text(f"przeniesione z edycji {last_year.name}")).to_be_visible()
