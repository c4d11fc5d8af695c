"""Phones: no page is wider than the screen (nothing to scroll sideways), down to 320 px."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from audits.tests.factories_self_assessments import ActionPlanItemFactory, self_assessment_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def page_width(page: Page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


def test_the_action_plan_tab_fits_a_phone(browser_world, page, live_server, login):
    assessment = self_assessment_for(browser_world.institution_a)
    ActionPlanItemFactory(self_assessment=assessment)
    login(browser_world.coordinator_a)
    for width in (390, 320):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(live_server.url + reverse("audits:self-assessment-plan", args=[assessment.pk]))
        scroll_width, inner_width = page_width(page)
        assert scroll_width <= inner_width, f"{width} px: the page is {scroll_width} px wide"


def test_public_pages_and_the_footer_fit_320_px(browser_world, page, live_server, login):
    page.set_viewport_size({"width": 320, "height": 700})
    for url in (reverse("home"), reverse("join:apply"), reverse("login"), reverse("certification:verify"),
                reverse("certification:register"), reverse("accessibility")):
        page.goto(live_server.url + url)
        scroll_width, inner_width = page_width(page)
        assert scroll_width <= inner_width, f"{url}: the page is {scroll_width} px wide at 320 px"
    login(browser_world.kwp)
    scroll_width, inner_width = page_width(page)
    assert scroll_width <= inner_width, f"KWP start page: {scroll_width} px wide at 320 px"
