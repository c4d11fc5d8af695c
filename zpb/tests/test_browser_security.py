"""In the browser: pages run under the strict Content-Security-Policy (the `page` fixture fails a test on
any violation), and behaviour that used inline scripts still works from the app's static files."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_print_button_of_a_self_assessment_prints_without_an_inline_script(
    browser_world, login, page: Page, live_server
):
    page.add_init_script("window.print = () => { document.body.dataset.printed = 'yes'; };")
    login(browser_world.coordinator_a)
    page.goto(live_server.url + reverse("audits:self-assessment-print", kwargs={"pk": browser_world.sa_a.pk}))
    page.get_by_role("button", name="Drukuj").click()
    expect(page.locator("body")).to_have_attribute("data-printed", "yes")
    # The column widths come from classes now; the table still lays out in fixed columns.
    assert page.locator("table.table-fixed").first.evaluate("t => getComputedStyle(t).tableLayout") == "fixed"
