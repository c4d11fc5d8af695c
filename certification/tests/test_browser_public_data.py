"""The public side of issue 18 in a browser: the county map and its table, the open data download, the badge
a coordinator copies, and the badge following KWP's revocation."""

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from institutions.tests.factories import InstitutionFactory, county

from . import factories
from .browser_steps import revoke_as_kwp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_sees_the_map_and_the_table_agree_and_downloads_the_csv(browser_world, page, live_server):
    certificates = [factories.certificate(institution=InstitutionFactory(county=county(teryt), name=name))
                    for teryt, name in (("1201", "Szkoła Podstawowa w Łapanowie"),
                                        ("1201", "Liceum w Bochni"), ("1261", "Technikum w Krakowie"))]
    page.goto(f"{live_server.url}/certificates/register/")
    expect(page.get_by_role("heading", name="Placówki z certyfikatem w powiatach")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Mapa powiatów Małopolski"))).to_be_visible()
    tiles = page.locator("g.county-tile")
    expect(tiles).to_have_count(22)
    table = page.get_by_role("table", name="Placówki z ważnym certyfikatem według powiatów")
    expect(table.get_by_role("row", name="bocheński 2")).to_be_visible()
    expect(table.get_by_role("row", name="Kraków 1")).to_be_visible()
    # Every tile's number is the number in the table's row for that county.
    on_map = {tile.get_attribute("data-county"): tile.locator("text.map-count").text_content()
              for tile in tiles.all()}
    in_table = {row.get_attribute("data-county"): row.locator("td").text_content()
                for row in table.locator("tbody tr").all()}
    assert on_map == in_table and on_map["1201"] == "2" and on_map["1261"] == "1"

    page.get_by_role("link", name=re.compile("Otwarte dane")).click()
    expect(page.get_by_role("heading", name="Słownik danych")).to_be_visible()
    expect(page.get_by_text("CC BY 4.0").first).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Plik CSV").click()
    download = info.value
    assert re.fullmatch(r"rejestr-zpb-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads it as UTF-8
    text = data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert {row["number"] for row in rows} == {c.number for c in certificates}
    assert {row["holder"] for row in rows} >= {"Szkoła Podstawowa w Łapanowie", "Technikum w Krakowie"}
    assert {row["status"] for row in rows} == {"valid"}


def test_a_coordinator_copies_the_badge_snippet_and_the_badge_renders(browser_world, login, page, live_server,
                                                                      context):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    institution = browser_world.institution_a
    certificate = factories.certificate(institution=institution)
    login(browser_world.coordinator_a)
    page.goto(f"{live_server.url}{institution.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Odznaka na stronę internetową")).to_be_visible()
    snippet = page.get_by_label("Kod HTML odznaki")
    expect(snippet).to_have_attribute("readonly", "")
    preview = page.get_by_role("img", name="Podgląd odznaki")
    expect(preview).to_be_visible()
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", preview.element_handle())
    page.get_by_role("button", name="Kopiuj kod").click()
    expect(page.get_by_text("Skopiowano do schowka.")).to_be_visible()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == snippet.input_value()
    image = re.search(r'src="([^"]+)"', copied).group(1)
    assert f"/certificates/badge/{institution.public_id}.svg" in image and str(institution.pk) not in image.split("/")

    # The badge at its public address, as a school's website would load it.
    badge = page.context.browser.new_page()
    response = badge.goto(f"{live_server.url}/certificates/badge/{institution.public_id}.svg")
    assert response.headers["content-type"].startswith("image/svg+xml")
    expect(badge.locator("svg")).to_be_visible()
    expect(badge.get_by_text("Szkoła Promująca Bezpieczeństwo", exact=True)).to_be_visible()
    expect(badge.get_by_text(f"ważny do {certificate.valid_until:%d.%m.%Y}", exact=True)).to_be_visible()
    # The link of the snippet leads to the certificate's verification.
    link = re.search(r'href="([^"]+)"', copied).group(1)
    badge.goto(live_server.url + link[link.index("/certificates/"):])
    expect(badge.get_by_role("heading", name="Certyfikat jest ważny")).to_be_visible()
    badge.close()


def test_after_kwp_revokes_the_certificate_the_badge_says_revoked(browser_world, login, page, browser, live_server,
                                                                   settings):
    settings.PUBLIC_PAGE_CACHE = True  # as in production: the badge comes from the shared cache
    institution = browser_world.institution_a
    certificate = factories.certificate(institution=institution)
    school_site = browser.new_page()
    badge_url = f"{live_server.url}/certificates/badge/{institution.public_id}.svg"
    school_site.goto(badge_url)
    expect(school_site.get_by_text(f"ważny do {certificate.valid_until:%d.%m.%Y}", exact=True)).to_be_visible()

    revoke_as_kwp(page, login, live_server, browser_world.kwp, certificate)

    school_site.reload()  # revalidates with its ETag: the version changed, so the new badge comes back
    expect(school_site.get_by_text(re.compile(r"^unieważniony \d{2}\.\d{2}\.\d{4}$"))).to_be_visible()
    expect(school_site.locator("text", has_text="ważny do")).to_have_count(0)
    school_site.close()
