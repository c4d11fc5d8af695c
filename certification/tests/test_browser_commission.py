"""The commission's flow in the browser: set up → propose and approve → close → the list → the Komendant → issue."""

import subprocess

import pytest
from playwright.sync_api import expect

from institutions.tests.factories import AuditorFactory, InstitutionFactory, county

from . import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def switch_user(page, login, user):
    page.context.clear_cookies()
    login(user)


@pytest.mark.celery
def test_commission_proposes_the_komendant_approves_and_kwp_issues_the_certificates(
    celery_worker, browser_world, live_server, login, page
):
    kwp, auditor = browser_world.kwp, browser_world.auditor
    AuditorFactory(first_name="Tomasz", last_name="Lis")  # a third police user, so a majority is 2 of 3
    schools = [
        InstitutionFactory(name="Szkoła Podstawowa nr 4 w Limanowej", town="Limanowa", county=county("1207")),
        InstitutionFactory(name="Liceum Ogólnokształcące w Bochni", town="Bochnia", county=county("1201")),
    ]
    for school in schools:
        factories.signed_audit(institution=school)
    page.on("dialog", lambda dialog: dialog.accept())

    # KWP sets up the commission: itself as chair, the auditor and Tomasz Lis as members.
    login(kwp)
    page.get_by_role("link", name="Certyfikaty", exact=True).first.click()
    page.get_by_role("link", name="Decyzje").click()
    page.get_by_role("link", name="Zespoły certyfikujące").click()
    page.get_by_role("link", name="Powołaj zespół certyfikujący dla edycji 2025/2026").click()
    for name in (kwp.get_full_name(), auditor.get_full_name(), "Tomasz Lis"):
        page.get_by_role("checkbox", name=name).check()
    page.get_by_label("Przewodniczący").select_option(label=f"{kwp.get_full_name()} (Pracownik KWP)")
    page.get_by_role("button", name="Zapisz zespół").click()
    expect(page.get_by_text("Zespół certyfikujący został zapisany.")).to_be_visible()
    expect(page.get_by_text("co najmniej 2 członków")).to_be_visible()

    # The members propose an outcome for each signed audit; the form offers what the stage rules allow.
    for school in schools:
        page.get_by_role("link", name=f"Zaproponuj – {school.name}").click()
        page.get_by_label("Przyznanie certyfikatu (etap I)").check()
        page.get_by_label("Uzasadnienie").fill("Wynik audytu powyżej progu regulaminu.")
        page.get_by_role("button", name="Zapisz propozycję").click()
        expect(page.get_by_text("Propozycja rozstrzygnięcia została zapisana.")).to_be_visible()
    page.get_by_role("button", name="Zatwierdź propozycję").click()
    expect(page.get_by_text("Zatwierdzenia: 1 z wymaganych 2.")).to_be_visible()
    page.get_by_role("button", name="Zamknij propozycję").click()
    expect(page.get_by_text("Propozycja wymaga zatwierdzenia przez 2 członków (większość); ma 1.")).to_be_visible()

    # A second member approves (the auditor reaches the commission from the menu).
    switch_user(page, login, auditor)
    page.get_by_role("link", name="Zespół certyfikujący").click()
    page.get_by_role("link", name="Zespół certyfikujący 2025/2026").click()
    page.get_by_role("button", name="Zatwierdź propozycję").click()
    expect(page.get_by_text("Zatwierdzenia: 2 z wymaganych 2.")).to_be_visible()
    expect(page.get_by_role("button", name="Zamknij propozycję")).to_have_count(0)  # only the chair closes

    # The chair closes; a worker renders the list for the Komendant.
    switch_user(page, login, kwp)
    page.goto(f"{live_server.url}/certificates/commissions/")
    page.get_by_role("link", name="Zespół certyfikujący 2025/2026").click()
    page.get_by_role("button", name="Zamknij propozycję").click()
    expect(page.get_by_text("Propozycja została zamknięta")).to_be_visible()
    download_link = page.get_by_role("link", name="Pobierz wykaz dla Komendanta (PDF)")
    expect(download_link).to_be_visible(timeout=30_000)
    with page.expect_download() as download:
        download_link.click()
    text = subprocess.run(["pdftotext", "-layout", download.value.path(), "-"], capture_output=True, check=True,
                          text=True).stdout
    assert "Wykaz proponowanych rozstrzygnięć certyfikacyjnych" in text
    # By county, then name (long names wrap inside their table cell, so their first words are enough).
    assert text.index("Powiat: bocheński") < text.index("Liceum Ogólnokształcące") < text.index(
        "Powiat: limanowski") < text.index("Szkoła Podstawowa nr 4")
    assert "Małopolski Komendant Wojewódzki Policji" in " ".join(text.split())  # the signature line

    # KWP records the Komendant's approval: the decisions are final, and the certificates are issued in batch.
    page.get_by_label("Sygnatura").fill("KWP-E-0815/2026")
    page.get_by_role("button", name="Zapisz zatwierdzenie").click()
    expect(page.get_by_text("Zapisano zatwierdzenie Komendanta; decyzje są ostateczne.")).to_be_visible()
    for checkbox in page.get_by_role("checkbox").all():
        checkbox.check()
    page.get_by_role("button", name="Wydaj zaznaczone certyfikaty").click()
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "100", timeout=30_000)
    expect(page.get_by_text("Gotowe PDF: 2 z 2")).to_be_visible()

    # The certificate shows both records: the commission's recommendation and the Komendant's grant.
    page.get_by_role("link", name="SPB/").first.click()
    expect(page.get_by_text("Rekomendacja zespołu certyfikującego")).to_be_visible()
    expect(page.get_by_text("Przyznanie przez Komendanta")).to_be_visible()
    expect(page.get_by_text("KWP-E-0815/2026")).to_be_visible()


@pytest.mark.celery
def test_kwp_prepares_the_gala_print_file_and_the_recipients_list(celery_worker, browser_world, login, page, tmp_path):
    for name in ("Technikum w Bochni", "Liceum w Bochni"):
        factories.certificate(institution=InstitutionFactory(name=name, town="Bochnia", county=county("1201")))
    login(browser_world.kwp)
    page.get_by_role("link", name="Certyfikaty", exact=True).first.click()
    page.get_by_role("link", name="Decyzje").click()
    page.get_by_role("link", name="Uroczystość").click()
    expect(page.get_by_text("2 certyfikaty tej edycji są w mocy")).to_be_visible()

    page.get_by_role("button", name="Przygotuj plik do druku (PDF)").click()
    expect(page.get_by_text("Plik jest przygotowywany")).to_be_visible()
    link = page.get_by_role("link", name="Pobierz – plik do druku wszystkich certyfikatów (PDF)")
    expect(link).to_be_visible(timeout=30_000)  # the worker renders it; the page polls
    with page.expect_download() as download:
        link.click()
    text = subprocess.run(["pdftotext", download.value.path(), "-"], capture_output=True, check=True, text=True).stdout
    assert text.index("Liceum w Bochni") < text.index("Technikum w Bochni")

    page.get_by_role("button", name="Przygotuj listę wyróżnionych (XLSX)").click()
    link = page.get_by_role("link", name="Pobierz – lista wyróżnionych (XLSX)")
    expect(link).to_be_visible(timeout=30_000)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "wyroznieni-gala-2025.xlsx"
