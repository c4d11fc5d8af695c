"""Steps of the self-assessment that several browser tests take, as a coordinator would."""

import re

from playwright.sync_api import Page, expect

from audits.tests.factories_self_assessments import PDF_BYTES


def open_tab(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Części samooceny").get_by_role("link", name=name).click()


def score_every_criterion(page: Page) -> None:
    """Every criterion at its maximum, with a description and an evidence PDF; each save is confirmed."""
    open_tab(page, "Kryteria")
    cards = page.locator("article[id^=criterion-]")
    for i in range(cards.count()):
        card = cards.nth(i)
        score = card.get_by_label("Samoocena punktowa")
        score.fill(score.get_attribute("max"))
        card.get_by_label("Co zrobiono i z jakim efektem").fill("Ankiety i wizja lokalna z partnerami.")
        card.get_by_label("Dodaj plik z dowodem").set_input_files(
            files=[{"name": f"dowód {i + 1}.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
        )
        card.get_by_role("button", name=re.compile("Zapisz kryterium")).click()
        expect(page.get_by_text(re.compile(r"Kryterium .* zostało zapisane\."))).to_be_visible()
        expect(cards.nth(i).get_by_role("link", name=f"dowód {i + 1}.pdf")).to_be_visible()
