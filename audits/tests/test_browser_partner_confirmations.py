"""A coordinator asks a partner to confirm an action; the partner confirms through the link with a PDF; the
coordinator sees it; a revoked link shows a clear page."""

import re
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from audits.tests.browser_steps import open_tab
from audits.tests.factories_self_assessments import (
    PDF_BYTES,
    ActionPlanItemFactory,
    current_edition,
    self_assessment_for,
)
from core.emails import email_render
from core.models import OutgoingEmail
from partners.tests.factories import PartnerFactory, PartnershipFactory


def link_in_last_email() -> str:
    email = OutgoingEmail.objects.filter(template="partner_confirmation_request").latest("pk")
    return re.search(r"https?://\S+/audits/confirm/\S+/", email_render(email).body).group(0)


def send_link(page: Page, goal: str) -> None:
    card = page.get_by_role("article", name=goal)
    card.get_by_role("button", name=re.compile("Wyślij link do potwierdzenia")).click()
    expect(page.get_by_text("Link do potwierdzenia wysłano do: Straż Miejska Bochnia.")).to_be_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_partner_confirms_with_a_pdf_and_a_revoked_link_is_refused(
    browser_world, login, page: Page, live_server, media_root, settings
):
    settings.SITE_URL = live_server.url
    cache.clear()
    world = browser_world
    assessment = self_assessment_for(world.institution_a, edition=current_edition())
    partner = PartnerFactory(name="Straż Miejska Bochnia", email="sm@bochnia.pl")
    item = ActionPlanItemFactory(self_assessment=assessment, goal="Oświetlone przejście")
    item.partnerships.set([PartnershipFactory(institution=world.institution_a, partner=partner)])

    # The coordinator sends the link from the plan.
    login(world.coordinator_a)
    page.goto(f"{live_server.url}{assessment.get_absolute_url()}")
    open_tab(page, "Zintegrowany Plan Działania")
    send_link(page, "Oświetlone przejście")
    link = link_in_last_email()

    # The partner, without an account, confirms with a PDF.
    page.context.clear_cookies()
    page.goto(link)
    expect(page.get_by_role("heading", name="Oświetlone przejście")).to_be_visible()
    page.get_by_label("Data realizacji").fill("2026-10-01")
    page.get_by_label("Co zostało zrobione").fill("Zamontowano dwie lampy przy przejściu.")
    page.get_by_label("Dokument PDF (opcjonalnie)").set_input_files(
        files=[{"name": "protokół odbioru.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}])
    page.get_by_role("button", name="Potwierdź").click()
    expect(page.get_by_role("heading", name="Dziękujemy za potwierdzenie")).to_be_visible()
    page.goto(link)  # used once: it cannot be used again
    expect(page.get_by_text("To działanie zostało już potwierdzone przez ten link.")).to_be_visible()

    # The coordinator sees it on the plan, with the file.
    login(world.coordinator_a)
    page.goto(f"{live_server.url}{assessment.get_absolute_url()}")
    open_tab(page, "Zintegrowany Plan Działania")
    card = page.get_by_role("article", name="Oświetlone przejście")
    expect(card.get_by_text("Zamontowano dwie lampy przy przejściu.")).to_be_visible()
    expect(card.get_by_text("potwierdzone", exact=True)).to_be_visible()
    with page.expect_download() as download:
        card.get_by_role("link", name="protokół odbioru.pdf").click()
    assert Path(download.value.path()).read_bytes() == PDF_BYTES

    # A second link, revoked by the coordinator, shows the partner a clear page.
    send_link(page, "Oświetlone przejście")
    revoked = link_in_last_email()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=re.compile("Unieważnij link")).click()
    expect(page.get_by_text("Link został unieważniony: nie można go już użyć.")).to_be_visible()
    page.context.clear_cookies()
    page.goto(revoked)
    expect(page.get_by_role("heading", name="Tego linku nie można użyć")).to_be_visible()
    expect(page.get_by_text("Link został unieważniony przez koordynatora placówki.")).to_be_visible()
    expect(page.get_by_text("Niczego nie zapisano.")).to_be_visible()
