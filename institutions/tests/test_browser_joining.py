"""Joining in the browser: a school applies, confirms, KWP accepts or rejects, the coordinator sets a password;
KWP manages invitations and accounts; a coordinator changes their e-mail address."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.emails import email_render
from core.models import OutgoingEmail
from institutions.models import Application, Invitation, User
from institutions.services.invitations import invitation_send
from institutions.services.users import user_save
from institutions.tests.factories import ApplicationFactory, InstitutionFactory, UserFactory, county
from zpb.tests.world import PASSWORD as WORLD_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Nowe-Haslo-Koordynatora-2026"


def link_from(template: str, pattern: str) -> str:
    """The link of the latest e-mail of `template`, rendered as the worker would send it."""
    email = OutgoingEmail.objects.filter(template=template).latest("pk")
    return re.search(pattern, email_render(email).body).group(0)


def test_a_school_applies_is_accepted_and_its_coordinator_gets_in(browser_world, page, live_server, login, settings):
    settings.APPLICATION_MIN_FILL_SECONDS = 0
    InstitutionFactory(name="Szkoła Podstawowa nr 5 w Wieliczce", rspo="261234", town="Wieliczka",
                       county=county("1219"), joined_on=None)

    page.goto(live_server.url)
    page.get_by_role("link", name="Dołącz do programu").click()
    # The applicant starts with the people, then looks the school up: what they typed stays.
    first = page.get_by_role("group", name="Koordynator 1")
    first.get_by_label("Imię").fill("Ewa")
    first.get_by_label("Nazwisko").fill("Malinowska")
    first.get_by_label("Stanowisko").fill("pedagog szkolny")
    first.get_by_label("E-mail").fill("ewa.malinowska@sp5-wieliczka.example.pl")
    page.get_by_label("Partnerzy, z którymi zaczynacie").fill("Gmina Wieliczka – bezpieczna droga do szkoły")
    page.get_by_placeholder("Numer RSPO lub nazwa").fill("nr 5 w Wieliczce")
    page.get_by_placeholder("Numer RSPO lub nazwa").press("Enter")  # searches, does not send
    expect(page.get_by_role("button", name="Wybierz: Szkoła Podstawowa nr 5 w Wieliczce")).to_be_visible()
    expect(first.get_by_label("Nazwisko")).to_have_value("Malinowska")
    page.get_by_placeholder("Numer RSPO lub nazwa").fill("261234")  # the live look-up (htmx)
    page.get_by_role("button", name="Wybierz: Szkoła Podstawowa nr 5 w Wieliczce").click()
    expect(page.get_by_text("Wybrana placówka:")).to_be_visible()
    expect(page.locator(".is-invalid")).to_have_count(0)
    expect(first.get_by_label("Imię")).to_have_value("Ewa")
    expect(first.get_by_label("E-mail")).to_have_value("ewa.malinowska@sp5-wieliczka.example.pl")
    expect(page.get_by_label("Partnerzy, z którymi zaczynacie")).to_have_value(
        "Gmina Wieliczka – bezpieczna droga do szkoły")
    page.get_by_label("Imię i nazwisko dyrektora").fill("Jan Kowalczyk")
    page.get_by_label("Dyrektor placówki wyraża zgodę").check()
    page.get_by_label("Twój adres e-mail").fill("sekretariat@sp5-wieliczka.example.pl")
    page.get_by_label("Zapoznałem(-am) się z informacją").check()
    page.get_by_role("button", name="Wyślij zgłoszenie").click()
    expect(page.get_by_role("heading", name="Sprawdź skrzynkę e-mail")).to_be_visible()

    page.goto(live_server.url + link_from("application-confirm", r"/join/confirm/[^/\s]+/"))
    expect(page.get_by_role("heading", name="Adres e-mail potwierdzony")).to_be_visible()

    login(browser_world.kwp)
    # the world brings one more new application (see institutions/tests/access.py)
    expect(page.get_by_text("2 nowe zgłoszenia do programu czekają na decyzję.")).to_be_visible()
    page.get_by_role("navigation").get_by_role("link", name="Zgłoszenia").click()
    page.get_by_role("link", name="Szkoła Podstawowa nr 5 w Wieliczce").click()
    expect(page.get_by_text("pedagog szkolny")).to_be_visible()
    asked = []

    def answer(dialog, accept: bool):
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, accept=False))  # second thoughts: nothing happens
    page.get_by_role("button", name="Przyjmij zgłoszenie").click()
    expect(page.get_by_role("button", name="Przyjmij zgłoszenie")).to_be_enabled()
    assert asked == ["Przyjąć zgłoszenie placówki Szkoła Podstawowa nr 5 w Wieliczce? Placówka przystąpi do "
                     "programu, a jej koordynatorzy otrzymają zaproszenia."]
    assert Application.objects.get(rspo="261234").status == Application.Status.NEW
    page.once("dialog", lambda dialog: answer(dialog, accept=True))
    page.get_by_role("button", name="Przyjmij zgłoszenie").click()
    expect(page.get_by_text("Zgłoszenie zostało przyjęte")).to_be_visible()
    assert Application.objects.get(rspo="261234").status == Application.Status.ACCEPTED

    page.context.clear_cookies()  # the coordinator opens the invitation on their own computer
    page.goto(live_server.url + link_from("invitation", r"/accounts/invitation/[^/\s]+/"))
    expect(page.get_by_text("ewa.malinowska@sp5-wieliczka.example.pl")).to_be_visible()
    page.get_by_label("Nowe hasło").first.fill(PASSWORD)
    page.get_by_label("Nowe hasło (powtórz)").fill(PASSWORD)
    page.get_by_role("button", name="Ustaw hasło").click()

    expect(page.get_by_text("Hasło zostało ustawione. Witamy w systemie Certyfikacja ZPB.")).to_be_visible()
    expect(page.get_by_role("heading", name="Szkoła Podstawowa nr 5 w Wieliczce")).to_be_visible()
    assert User.objects.get(email="ewa.malinowska@sp5-wieliczka.example.pl").check_password(PASSWORD)


def test_the_look_up_says_at_once_that_a_school_is_already_in_the_programme(browser_world, page, live_server):
    InstitutionFactory(name="Szkoła Podstawowa nr 7 w Myślenicach", rspo="654327", town="Myślenice",
                       county=county("1209"), joined_on=date(2021, 9, 1))
    page.goto(live_server.url + "/join/")
    page.get_by_placeholder("Numer RSPO lub nazwa").fill("654327")
    result = page.get_by_role("listitem").filter(has_text="Szkoła Podstawowa nr 7 w Myślenicach")
    expect(result).to_contain_text("Już uczestniczy w programie od 01.09.2021; skontaktuj się z jej koordynatorem "
                                   "lub z pracownikami KWP.")
    expect(result.get_by_role("link")).to_have_count(0)
    expect(result.get_by_role("button")).to_have_count(0)


def test_a_form_sent_incomplete_leads_to_each_problem(browser_world, page, live_server, login, settings):
    settings.APPLICATION_MIN_FILL_SECONDS = 0
    page.goto(live_server.url + "/join/")
    expect(page.get_by_text("Pola oznaczone * są wymagane.")).to_be_visible()
    page.get_by_role("group", name="Koordynator 1").get_by_label("Imię").fill("Ewa")
    second = page.get_by_role("group", name="Koordynator 2")
    expect(second.locator(".asteriskField")).to_have_count(0)  # optional until started
    second.get_by_label("Imię").fill("Jan")
    expect(second.get_by_label("Nazwisko")).to_have_attribute("required", "")
    expect(second.locator("label", has_text="Nazwisko").locator(".asteriskField")).to_have_count(1)
    second.get_by_label("Imię").fill("")
    expect(second.locator(".asteriskField")).to_have_count(0)
    page.get_by_role("button", name="Wyślij zgłoszenie").click()

    summary = page.get_by_role("alert").filter(has_text="Formularz nie został wysłany. Popraw:")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Imię i nazwisko dyrektora: To pole jest wymagane.")).to_be_visible()
    expect(summary.get_by_role("link", name="Pełna nazwa: To pole jest wymagane.")).to_be_visible()
    summary.get_by_role("link", name=re.compile("^Twój adres e-mail")).click()
    expect(page.get_by_label("Twój adres e-mail")).to_be_focused()
    expect(page.get_by_role("group", name="Koordynator 1").get_by_label("Imię")).to_have_value("Ewa")

    # Every form of the app does the same, e.g. KWP inviting a coordinator.
    login(browser_world.kwp)
    page.goto(live_server.url + browser_world.institution_a.get_absolute_url())
    page.get_by_role("link", name="Zaproś nowego koordynatora").click()
    page.get_by_label("E-mail").fill("nieadres")
    page.get_by_role("button", name="Zaproś").click()
    summary = page.get_by_role("alert").filter(has_text="Formularz nie został wysłany. Popraw:")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="E-mail: Wprowadź poprawny adres email.")).to_be_visible()


def test_an_expired_invitation_is_refused_and_a_new_one_can_be_requested(browser_world, page, live_server):
    user = user_save(user=UserFactory.build(username="spozniona", email="spozniona@example.pl"))
    Invitation.objects.filter(user=user).update(expires_at=timezone.now() - timedelta(hours=1))

    page.goto(live_server.url + link_from("invitation", r"/accounts/invitation/[^/\s]+/"))
    expect(page.get_by_role("heading", name="Tego linku nie można użyć")).to_be_visible()
    expect(page.get_by_text("Link wygasł.")).to_be_visible()
    page.get_by_label("Adres e-mail").fill("spozniona@example.pl")
    page.get_by_role("button", name="Wyślij mi nowe zaproszenie").click()
    expect(page.get_by_role("heading", name="Sprawdź skrzynkę e-mail")).to_be_visible()
    assert user.invitations.filter(revoked_at__isnull=True, used_at__isnull=True,
                                   expires_at__gt=timezone.now()).count() == 1


def test_kwp_rejects_an_application_with_a_reason(browser_world, page, login):
    login(browser_world.kwp)
    page.get_by_role("navigation").get_by_role("link", name="Zgłoszenia").click()
    page.get_by_role("link", name="Szkoła Podstawowa nr 3 w Wieliczce").click()
    page.get_by_role("button", name="Odrzuć zgłoszenie").click()
    expect(page.get_by_text("Podaj powód odrzucenia; zgłaszający go otrzyma.")).to_be_visible()
    page.get_by_label("Powód odrzucenia").fill("Szkoła prowadzi już program pod inną nazwą.")
    page.get_by_role("button", name="Odrzuć zgłoszenie").click()
    expect(page.get_by_text("Zgłoszenie zostało odrzucone, a zgłaszający powiadomiony.")).to_be_visible()
    expect(page.get_by_role("button", name="Przyjmij zgłoszenie")).to_have_count(0)
    page.get_by_role("link", name="Zgłoszenia").first.click()
    page.get_by_role("link", name="Odrzucone").click()
    expect(page.get_by_role("link", name="Szkoła Podstawowa nr 3 w Wieliczce")).to_be_visible()


def test_a_deactivated_coordinator_account_stops_the_acceptance_until_kwp_reactivates_it(
    browser_world, page, live_server, login
):
    gone = UserFactory(username="irena", first_name="Irena", last_name="Sowa", email="irena@sp8.example.pl",
                       is_active=False)
    application = ApplicationFactory(name="Szkoła Podstawowa nr 8 w Wieliczce", with_coordinator=False)
    application.coordinators.create(first_name="Irena", last_name="Sowa", email=gone.email)
    login(browser_world.kwp)
    page.goto(live_server.url + application.get_absolute_url())
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Przyjmij zgłoszenie").click()
    expect(page.get_by_text("Adres irena@sp8.example.pl należy do dezaktywowanego konta.")).to_be_visible()

    page.get_by_role("navigation").get_by_role("link", name="Użytkownicy").click()
    page.get_by_label("Konta").select_option("no")
    page.get_by_role("button", name="Filtruj").click()
    page.get_by_role("link", name="Irena Sowa").click()
    page.get_by_role("button", name="Aktywuj konto ponownie").click()
    expect(page.get_by_text("Konto jest znowu aktywne.")).to_be_visible()

    page.goto(live_server.url + application.get_absolute_url())
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Przyjmij zgłoszenie").click()
    expect(page.get_by_text("Zgłoszenie zostało przyjęte")).to_be_visible()
    assert gone.coordinated_institutions.filter(name="Szkoła Podstawowa nr 8 w Wieliczce").exists()


def test_kwp_re_sends_an_invitation_and_deactivates_an_account(browser_world, page, login):
    invitation_send(user=browser_world.invited_user, by=browser_world.kwp)  # the first one, sent on creation
    login(browser_world.kwp)
    page.get_by_role("navigation").get_by_role("link", name="Użytkownicy").click()
    page.get_by_role("link", name=str(browser_world.invited_user)).click()
    page.get_by_role("button", name="Wyślij zaproszenie ponownie").click()
    expect(page.get_by_text("Wysłano nowe zaproszenie na adres zaproszona@example.pl")).to_be_visible()
    page.get_by_role("button", name="Dezaktywuj konto").click()
    expect(page.get_by_text("Konto zostało dezaktywowane")).to_be_visible()
    expect(page.get_by_role("button", name="Aktywuj konto ponownie")).to_be_visible()
    assert not browser_world.invited_user.invitations.filter(revoked_at__isnull=True).exists()


def test_a_coordinator_changes_their_e_mail_address(browser_world, page, live_server, login):
    login(browser_world.coordinator_a)
    page.get_by_role("button", name=re.compile("Anna Nowak")).click()
    page.get_by_role("link", name="Twój profil").click()
    expect(page.get_by_role("link", name="Szkoła Podstawowa nr 1 w Bochni")).to_be_visible()
    page.get_by_label("Nowy adres e-mail").fill("anna.nowak@sp1-bochnia.example.pl")
    page.get_by_label("Twoje obecne hasło").fill(WORLD_PASSWORD)
    page.get_by_role("button", name="Zmień adres e-mail").click()
    expect(page.get_by_text("Wysłaliśmy link na adres anna.nowak@sp1-bochnia.example.pl.")).to_be_visible()

    page.goto(live_server.url + link_from("email-change", r"/accounts/email/[^/\s]+/"))
    expect(page.get_by_text("Twój adres e-mail to teraz anna.nowak@sp1-bochnia.example.pl.")).to_be_visible()
    expect(page.get_by_text("Obecny adres: anna.nowak@sp1-bochnia.example.pl")).to_be_visible()


def test_kwp_invites_a_new_coordinator_from_the_institution_page(browser_world, page, live_server, login):
    login(browser_world.kwp)
    page.goto(live_server.url + browser_world.institution_a.get_absolute_url())
    page.get_by_role("link", name="Zaproś nowego koordynatora").click()
    page.get_by_label("Imię").fill("Ewa")
    page.get_by_label("Nazwisko").fill("Lis")
    page.get_by_label("E-mail").fill("nieadres")
    page.get_by_role("button", name="Zaproś").click()
    expect(page.get_by_text("Wprowadź poprawny adres email.", exact=True)).to_be_visible()
    page.get_by_label("E-mail").fill("ewa.lis@sp1-bochnia.example.pl")
    page.get_by_role("button", name="Zaproś").click()
    expect(page.get_by_text("Konto zostało utworzone, a zaproszenie wysłane.")).to_be_visible()
    expect(page.get_by_text("Ewa Lis")).to_be_visible()
    invited = User.objects.get(email="ewa.lis@sp1-bochnia.example.pl")
    assert invited.coordinated_institutions.filter(pk=browser_world.institution_a.pk).exists()
    assert invited.invitations.filter(used_at__isnull=True, revoked_at__isnull=True).count() == 1
