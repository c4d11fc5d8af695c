"""A member of the public checks a certificate's PDF file on the verification page, in headless Chromium."""

import re

import pytest
from playwright.sync_api import expect

from certification.services import certificate_render
from institutions.tests.factories import InstitutionFactory
from zpb.tests.test_browser_axe import AXE, violations

from . import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FILE_LABEL = re.compile(r"^\s*Plik PDF")  # the field, not the form around it ("Sprawdź plik PDF")


def test_the_public_uploads_a_signed_certificate_then_a_tampered_copy(browser_world, live_server, page, signing,
                                                                      tmp_path):
    certificate = factories.certificate(institution=InstitutionFactory(name="Liceum Ogólnokształcące w Bochni",
                                                                       town="Bochnia"))
    certificate_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    with certificate.pdf.open("rb") as file:
        data = file.read()
    original, tampered = tmp_path / "certyfikat.pdf", tmp_path / "certyfikat-zmieniony.pdf"
    original.write_bytes(data)
    at = data.index(b"stream\n") + 40
    tampered.write_bytes(data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:])
    page.context.add_init_script(path=str(AXE))

    page.goto(live_server.url)
    page.get_by_role("link", name="Sprawdź certyfikat").click()
    page.get_by_label(FILE_LABEL).set_input_files(original)
    page.get_by_role("button", name="Sprawdź plik").click()

    expect(page.get_by_role("heading", name="Plik jest certyfikatem podpisanym przez KWP")).to_be_visible()
    facts = page.locator("#file-check-facts")
    expect(facts).to_contain_text("poprawny kryptograficznie")
    expect(facts).to_contain_text("Komenda Wojewódzka Policji w Krakowie")
    expect(facts).to_contain_text(f"certyfikat nr {certificate.number}")
    expect(facts).to_contain_text("ważny")
    assert violations(page) == []

    page.get_by_label(FILE_LABEL).set_input_files(tampered)
    page.get_by_role("button", name="Sprawdź plik").click()
    expect(page.get_by_role("heading", name="Dokument został zmieniony po podpisaniu")).to_be_visible()
    expect(facts).to_contain_text("tak: dokument został zmieniony po podpisaniu")
    expect(facts).to_contain_text("Żaden certyfikat w naszym rejestrze nie odpowiada temu plikowi.")
    assert violations(page) == []

    page.get_by_label(FILE_LABEL).set_input_files(original)
    page.get_by_role("button", name="Sprawdź plik").click()
    page.get_by_role("link", name="Pokaż stronę weryfikacji certyfikatu").click()
    expect(page.get_by_role("heading", name="Certyfikat jest ważny")).to_be_visible()
