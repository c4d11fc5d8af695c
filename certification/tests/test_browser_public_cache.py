"""The public pages are cached, yet a revocation by KWP shows on them at the next visit."""

import pytest
from playwright.sync_api import expect

from institutions.tests.factories import InstitutionFactory

from . import factories
from .browser_steps import revoke_as_kwp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_certificate_revoked_by_kwp_shows_as_revoked_to_the_public_at_once(
    browser_world, login, page, browser, live_server, settings,
):
    settings.PUBLIC_PAGE_CACHE = True  # as in production with CACHE_URL
    certificate = factories.certificate(institution=InstitutionFactory(name="Liceum Ogólnokształcące w Bochni"))
    public = browser.new_page()
    public.goto(f"{live_server.url}/certificates/verify/{certificate.verification_code}/")
    expect(public.get_by_role("heading", name="Certyfikat jest ważny")).to_be_visible()
    public.get_by_role("link", name="Rejestr certyfikowanych placówek").last.click()
    expect(public.get_by_role("cell", name=certificate.number)).to_be_visible()

    revoke_as_kwp(page, login, live_server, browser_world.kwp, certificate)

    public.reload()
    expect(public.get_by_role("cell", name=certificate.number)).to_have_count(0)
    public.go_back()
    public.reload()
    expect(public.get_by_role("heading", name="Certyfikat został unieważniony")).to_be_visible()
    public.close()
