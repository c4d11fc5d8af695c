"""KWP adds a coordinator through the picker, by keyboard: type, results appear, choose, add."""

import pytest
from playwright.sync_api import expect

from institutions.tests.factories import UserFactory
from zpb.tests.test_browser_axe import AXE, FAILING_IMPACTS, OVERFLOW, RUN_AXE, TAGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_kwp_finds_and_adds_a_coordinator_with_the_keyboard(browser_world, login, page):
    UserFactory(first_name="Jan", last_name="Bocianek", username="jbocianek", email="jan.k@szkola.pl")
    UserFactory(first_name="Janina", last_name="Bocianowska", username="jbocianowska",
                email="janina.bocianowska.sekretariat@szkola-podstawowa-nr-1-w-bochni.example.pl")
    institution = browser_world.institution_a
    page.add_init_script(path=str(AXE))
    login(browser_world.kwp)
    page.goto(page.url.split("/start/")[0] + institution.get_absolute_url())

    search = page.get_by_label("Koordynator", exact=True)
    search.press_sequentially("Bocian")
    results = page.get_by_role("group", name="Pasujący koordynatorzy")
    expect(results.get_by_role("radio")).to_have_count(2)
    page.set_viewport_size({"width": 320, "height": 800})  # WCAG 1.4.10: even a long address reflows on a phone
    assert page.evaluate(OVERFLOW) == ""
    page.set_viewport_size({"width": 1280, "height": 800})
    search.fill("")
    search.press_sequentially("Bocianek")
    only_one = results.get_by_role("radio", name="Jan Bocianek · jbocianek · jan.k@szkola.pl")
    expect(only_one).to_be_checked()  # a single match is chosen already
    found = [v for v in page.evaluate(RUN_AXE, TAGS) if v["impact"] in FAILING_IMPACTS]
    assert not found, found

    page.keyboard.press("Tab")
    expect(only_one).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Dodaj koordynatora")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_text("Koordynator został dodany.")).to_be_visible()
    expect(page.get_by_text("jan.k@szkola.pl")).to_be_visible()
    assert institution.coordinators.filter(username="jbocianek").exists()
