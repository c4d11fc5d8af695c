"""What axe cannot see: the skip link above the header, a visible focus ring on every background, and the
certificate check moving focus to its result (WCAG 2.4.1, 2.4.7 / 1.4.11, 2.4.3)."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The focused element's outline against the background it is drawn on (the nearest ancestor with a colour).
RING = """() => {
  const el = document.activeElement;
  const rgb = (s) => (s.match(/[\\d.]+/g) || []).slice(0, 4).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => v / 255)
    .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((acc, v, i) => acc + v * [0.2126, 0.7152, 0.0722][i], 0);
  let node = el.parentElement, bg = [255, 255, 255];
  while (node) {
    const c = rgb(getComputedStyle(node).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0)) { bg = c.slice(0, 3); break; }
    node = node.parentElement;
  }
  const style = getComputedStyle(el);
  const [a, b] = [lum(rgb(style.outlineColor)), lum(bg)];
  return {width: parseFloat(style.outlineWidth), style: style.outlineStyle,
          contrast: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), name: el.innerText.trim()};
}"""


def tab_until(page: Page, name: str, limit: int = 60) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        ring = page.evaluate(RING)
        if ring["name"] == name:
            return ring
    raise AssertionError(f"{name!r} not reached by Tab")


def test_the_skip_link_is_painted_above_the_header_when_focused(browser_world, page, live_server):
    page.goto(live_server.url)
    page.keyboard.press("Tab")
    link = page.get_by_role("link", name="Przejdź do treści")
    expect(link).to_be_focused()
    box = link.bounding_box()
    on_top = page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('a')?.textContent.trim()",
                           [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
    assert on_top == "Przejdź do treści"


def test_focus_ring_is_visible_on_the_navy_navbar_and_on_light_backgrounds(browser_world, login, page):
    login(browser_world.coordinator_a)
    navbar = tab_until(page, "Moje placówki")
    assert navbar["style"] != "none" and navbar["width"] >= 2
    assert navbar["contrast"] >= 3, navbar
    footer = tab_until(page, "Deklaracja dostępności", limit=200)
    assert footer["style"] != "none" and footer["width"] >= 2
    assert footer["contrast"] >= 3, footer


def test_the_verification_result_takes_focus_and_names_the_page(browser_world, page, live_server):
    page.goto(f"{live_server.url}/certificates/verify/?code=ABCD-EFGH-JKLM")
    expect(page).to_have_title(re.compile(r"^Nie ma certyfikatu o takim kodzie · Sprawdź certyfikat"))
    expect(page.get_by_role("heading", name="Nie ma certyfikatu o takim kodzie")).to_be_focused()
