"""KWP staff give a coordinator an API token, the key works once shown, and revoking it shuts the key out;
the documentation page runs Swagger UI under the site's CSP."""

import pytest
import requests
from playwright.sync_api import expect

from api.models import ApiToken
from zpb.tests.test_browser_axe import AXE, FAILING_IMPACTS, RUN_AXE, TAGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_kwp_creates_a_token_the_coordinator_uses_it_and_kwp_revokes_it(browser_world, login, page, live_server):
    world = browser_world
    login(world.kwp)
    page.get_by_role("link", name="API", exact=True).click()  # the footer
    expect(page.get_by_role("heading", name="Dokumentacja API")).to_be_visible()
    page.get_by_role("link", name="Tokeny API").click()
    page.get_by_role("link", name="Utwórz token").click()

    page.get_by_label("Użytkownik").select_option(label=f"Anna Nowak ({world.coordinator_a.username}, Koordynator)")
    page.get_by_label("Nazwa").fill("Strona szkoły")
    page.get_by_role("button", name="Utwórz").click()

    expect(page.get_by_role("heading", name="Utworzono token")).to_be_visible()
    expect(page.get_by_text("jest pokazywany tylko ten jeden raz")).to_be_visible()
    key = page.get_by_label("Klucz").input_value()
    assert key.startswith("zpb_")
    token = ApiToken.objects.get(name="Strona szkoły")
    assert token.user == world.coordinator_a and key not in str(ApiToken.objects.filter(pk=token.pk).values().get())

    api = f"{live_server.url}/api/v1/institutions/"
    answer = requests.get(api, headers={"Authorization": f"Bearer {key}"}, timeout=10)
    assert answer.status_code == 200
    assert [row["id"] for row in answer.json()["results"]] == [world.institution_a.pk]

    page.get_by_role("link", name="Powrót do tokenów").click()
    row = page.get_by_role("row").filter(has_text="Strona szkoły")
    expect(row).to_contain_text(token.key_prefix)
    expect(row).not_to_contain_text(key)
    page.reload()
    page.on("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Unieważnij").click()
    expect(page.get_by_text("Token unieważniono")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Strona szkoły")).to_contain_text("unieważniony")

    answer = requests.get(api, headers={"Authorization": f"Bearer {key}"}, timeout=10)
    assert answer.status_code == 401


def test_the_documentation_page_runs_swagger_ui(browser_world, page, live_server):
    page.add_init_script(path=str(AXE))
    page.goto(f"{live_server.url}/api/v1/docs/")
    # Swagger UI rendered the schema: the operations are listed (its script is a file: the CSP fixture checks).
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/register/").first).to_be_visible()
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/institutions/").first).to_be_visible()
    found = [v for v in page.evaluate(RUN_AXE, TAGS) if v["impact"] in FAILING_IMPACTS]
    assert not found, "\n".join(f"{v['id']}: {n['target']} {n['html']} {n['why']}" for v in found for n in v["nodes"])
