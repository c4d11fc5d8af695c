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


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_kwp_sees_in_the_history_the_change_it_made_to_an_institution(browser_world, login, page: Page, live_server):
    institution = browser_world.institution_a
    login(browser_world.kwp)
    page.goto(live_server.url + reverse("institutions:detail", args=[institution.pk]))
    page.get_by_role("link", name="Edytuj", exact=True).click()
    page.get_by_label("Telefon").fill("14 611 22 33")
    page.get_by_role("button", name="Zapisz").click()
    page.get_by_role("link", name="Historia", exact=True).click()
    expect(page.get_by_role("heading", name=f"Historia: {institution.name}")).to_be_visible()
    latest = page.get_by_role("row").nth(1)
    expect(latest).to_contain_text("Katarzyna Wiśniewska")
    expect(latest).to_contain_text("zmieniono")
    expect(latest).to_contain_text("→ 14 611 22 33")
