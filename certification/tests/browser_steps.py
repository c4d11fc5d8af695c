"""Steps that several browser tests take the same way."""

from playwright.sync_api import expect


def revoke_as_kwp(page, login, live_server, kwp, certificate, reason="Dane w samoocenie okazały się nieprawdziwe."):
    """KWP staff log in, open the certificate, revoke it with `reason` and see it revoked."""
    page.on("dialog", lambda dialog: dialog.accept())
    login(kwp)
    page.goto(f"{live_server.url}{certificate.get_absolute_url()}")
    page.get_by_role("link", name="Unieważnij").click()
    page.get_by_label("Powód unieważnienia").fill(reason)
    page.get_by_role("button", name="Unieważnij certyfikat").click()
    expect(page.get_by_text("Ten certyfikat unieważniono")).to_be_visible()
