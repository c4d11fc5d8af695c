"""Applications to join: the public form, e-mail confirmation, and KWP's acceptance or rejection."""

import re
import threading
import time
from datetime import date, timedelta

import pytest
from django.core import signing
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core.emails import email_render
from core.models import OutgoingEmail
from institutions.forms import FORM_STARTED_SALT
from institutions.models import Application, ApplicationCoordinator, ApplicationEvent, Institution, User
from institutions.services import InstitutionError
from institutions.services.applications import application_accept, application_reject, application_submit
from institutions.tests.factories import ApplicationFactory, InstitutionFactory, county
from institutions.views_public import SEARCHES_PER_MINUTE


@pytest.fixture(autouse=True)
def _fresh_limits(settings):
    cache.clear()  # the per-address counters live in the cache
    settings.APPLICATION_MIN_FILL_SECONDS = 0


def form_data(client, **overrides) -> dict:
    started = client.get(reverse("join:apply")).context["form"]["started"].value()
    data = {
        "started": started, "homepage": "", "institution": "",
        "type": "primary", "name": "Szkoła Podstawowa nr 4 w Niepołomicach", "rspo": "", "regon": "",
        "street": "ul. Szkolna", "building": "4", "postal_code": "32-005", "town": "Niepołomice",
        "county": county("1219").pk, "email": "", "phone": "", "website": "",
        "director_name": "Jan Kowalczyk", "director_consent": "on", "rodo_acknowledged": "on",
        "applicant_email": "Sekretariat@SP4-niepolomice.example.pl",
        "partners_text": "Gmina Niepołomice – bezpieczna droga do szkoły\nStraż Miejska w Niepołomicach",
        "coordinators-TOTAL_FORMS": "3", "coordinators-INITIAL_FORMS": "0",
        "coordinators-MIN_NUM_FORMS": "1", "coordinators-MAX_NUM_FORMS": "3",
        "coordinators-0-first_name": "Ewa", "coordinators-0-last_name": "Lis", "coordinators-0-position": "pedagog",
        "coordinators-0-email": "Ewa.Lis@sp4-niepolomice.example.pl", "coordinators-0-phone": "",
    }
    return data | overrides


def confirmation_link() -> str:
    email = OutgoingEmail.objects.filter(template="application-confirm").latest("pk")
    return re.search(r"/join/confirm/[^/\s]+/", email_render(email).body).group(0)


def test_an_application_is_stored_unconfirmed_and_a_link_is_sent(client, reference_data):
    response = client.post(reverse("join:apply"), form_data(client))
    assert response.url == reverse("join:sent")
    application = Application.objects.get()
    assert application.status == Application.Status.UNCONFIRMED
    assert application.applicant_email == "sekretariat@sp4-niepolomice.example.pl"
    assert application.partners == [
        {"name": "Gmina Niepołomice", "description": "bezpieczna droga do szkoły"},
        {"name": "Straż Miejska w Niepołomicach", "description": ""},
    ]
    assert [c.email for c in application.coordinators.all()] == ["ewa.lis@sp4-niepolomice.example.pl"]
    email = OutgoingEmail.objects.get(template="application-confirm")
    assert email.to == ["sekretariat@sp4-niepolomice.example.pl"] and "token" not in email.context


def test_confirming_sends_it_to_kwp_once(client, world):
    client.post(reverse("join:apply"), form_data(client))
    link = confirmation_link()
    first = client.get(link)
    assert "Adres e-mail potwierdzony" in first.text
    application = Application.objects.get(name="Szkoła Podstawowa nr 4 w Niepołomicach")
    assert application.status == Application.Status.NEW and application.email_confirmed_at
    assert OutgoingEmail.objects.get(template="application-new").to == [world.kwp.email]
    second = client.get(link)
    assert "Już potwierdzono" in second.text
    assert OutgoingEmail.objects.filter(template="application-new").count() == 1
    assert [e.kind for e in application.events.all()] == ["submitted", "confirmed"]


def test_the_link_opened_after_the_decision_does_not_say_it_is_still_waiting(client, world):
    client.post(reverse("join:apply"), form_data(client))
    link = confirmation_link()
    client.get(link)
    application = Application.objects.get(name="Szkoła Podstawowa nr 4 w Niepołomicach")
    application_reject(application=application, by=world.kwp, reason="Spoza Małopolski.")
    page = client.get(link).text
    assert "Pracownicy KWP już rozpatrzyli to zgłoszenie" in page and "jest u pracowników KWP" not in page


def test_a_known_institution_is_chosen_and_its_data_used(client, reference_data):
    known = InstitutionFactory(name="Szkoła Podstawowa nr 9 w Myślenicach", rspo="654321", town="Myślenice")
    search = client.get(reverse("join:institution-search"), {"q": "654321"})
    assert "Szkoła Podstawowa nr 9 w Myślenicach" in search.text and known.email not in search.text
    data = form_data(client, institution=known.pk, name="", town="", postal_code="", county="", type="")
    assert client.post(reverse("join:apply"), data).status_code == 302
    application = Application.objects.get()
    assert (application.institution, application.name, application.rspo) == (known, known.name, "654321")


def test_a_second_open_application_for_the_same_institution_is_refused(client, reference_data):
    client.post(reverse("join:apply"), form_data(client, rspo="777111"))
    response = client.post(reverse("join:apply"), form_data(client, rspo="777111", name="Inna nazwa"))
    assert "już czeka na decyzję" in response.text
    assert Application.objects.count() == 1


def test_the_same_form_sent_twice_is_stored_once(client, reference_data):
    data = form_data(client)  # no RSPO number: recognised by name and town
    client.post(reverse("join:apply"), data)
    response = client.post(reverse("join:apply"), data)
    assert "już czeka na decyzję" in response.text
    assert Application.objects.count() == 1


def test_an_institution_already_in_the_programme_cannot_apply(client, reference_data):
    member = InstitutionFactory(joined_on=date(2020, 9, 1))
    response = client.post(reverse("join:apply"), form_data(client, institution=member.pk))
    assert "już uczestniczy w programie" in response.text
    assert not Application.objects.exists()


def test_the_look_up_marks_institutions_already_in_the_programme_and_offers_only_the_others(client, reference_data):
    InstitutionFactory(name="Szkoła Podstawowa nr 7 w Myślenicach", rspo="654327", joined_on=date(2021, 9, 1))
    newcomer = InstitutionFactory(name="Szkoła Podstawowa nr 8 w Myślenicach", rspo="654328", joined_on=None)
    for response in (client.get(reverse("join:institution-search"), {"q": "w Myślenicach"}),
                     client.get(reverse("join:apply"), {"q": "w Myślenicach"})):
        text = " ".join(response.text.split())
        assert "Szkoła Podstawowa nr 7 w Myślenicach" in text
        assert ("Już uczestniczy w programie od 01.09.2021; skontaktuj się z jej koordynatorem "
                "lub z pracownikami KWP.") in text
        assert text.count("Wybierz: Szkoła Podstawowa") == 1
        assert f"Wybierz: {newcomer.name}" in text


def test_choosing_or_searching_keeps_what_was_typed_and_sends_nothing(client, reference_data):
    known = InstitutionFactory(name="Szkoła Podstawowa nr 9 w Myślenicach", rspo="654321", joined_on=None)
    data = form_data(client, name="", town="", director_consent="", rodo_acknowledged="")
    chosen = client.post(reverse("join:apply"), data | {"choose": str(known.pk)})
    assert chosen.status_code == 200 and not Application.objects.exists()
    assert chosen.context["chosen"] == known
    text = chosen.text
    assert 'value="Ewa.Lis@sp4-niepolomice.example.pl"' in text and 'value="Jan Kowalczyk"' in text
    assert "Gmina Niepołomice – bezpieczna droga do szkoły" in text
    assert "is-invalid" not in text and "To pole jest wymagane" not in text  # not sent yet: no errors
    assert f'name="institution" value="{known.pk}"' in text

    searched = client.post(reverse("join:apply"), data | {"search": "", "q": "654321"})
    assert searched.status_code == 200 and not Application.objects.exists()
    assert 'value="Jan Kowalczyk"' in searched.text and f"Wybierz: {known.name}" in searched.text
    assert "is-invalid" not in searched.text

    another = client.post(reverse("join:apply"), data | {"choose": "", "institution": str(known.pk)})
    assert another.context["chosen"] is None and 'value="Jan Kowalczyk"' in another.text


def test_required_fields_say_so_and_optional_coordinators_do_not(client, reference_data):
    def tag(text, name):
        return re.search(rf'<(?:input|select)[^>]*name="{name}"[^>]*>', text).group(0)

    def label(text, name):
        return re.search(rf'<label[^>]*for="id_{name}"[^>]*>(.*?)</label>', text, re.S).group(1)

    text = client.get(reverse("join:apply")).text
    for name in ("name", "town", "postal_code", "county", "type", "director_name", "applicant_email",
                 "coordinators-0-first_name", "coordinators-0-last_name", "coordinators-0-email"):
        assert " required" in tag(text, name) and "asteriskField" in label(text, name), name
    for name in ("rspo", "street", "coordinators-0-phone", "coordinators-1-first_name", "coordinators-2-email"):
        assert " required" not in tag(text, name) and "asteriskField" not in label(text, name), name

    started = client.post(reverse("join:apply"), form_data(client, **{"coordinators-1-first_name": "Jan"})).text
    assert "asteriskField" in label(started, "coordinators-1-last_name")  # started: now it must be complete
    assert "asteriskField" not in label(started, "coordinators-2-last_name")

    known = InstitutionFactory(rspo="654329", joined_on=None)
    chosen = client.get(reverse("join:apply"), {"institution": known.pk}).text
    assert 'name="town"' not in chosen  # the known institution's data are not asked again


def test_the_honeypot_pretends_success_and_stores_nothing(client, reference_data):
    response = client.post(reverse("join:apply"), form_data(client, homepage="http://spam.example"))
    assert response.url == reverse("join:sent")
    assert not Application.objects.exists() and not OutgoingEmail.objects.exists()


def test_a_form_sent_too_fast_is_treated_as_a_bot(client, reference_data, settings):
    settings.APPLICATION_MIN_FILL_SECONDS = 60
    client.post(reverse("join:apply"), form_data(client))
    assert not Application.objects.exists()


def test_a_form_left_open_overnight_is_not_silently_dropped(client, reference_data):
    """Whoever takes more than a day is certainly not a fast bot; treating them as one would tell them
    "check your e-mail" and store nothing."""

    class TwoDaysAgo(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 2 * 24 * 3600)

    started = TwoDaysAgo(salt=FORM_STARTED_SALT).sign_object(time.time() - 2 * 24 * 3600)
    response = client.post(reverse("join:apply"), form_data(client, started=started))
    assert response.url == reverse("join:sent")
    assert Application.objects.filter(name="Szkoła Podstawowa nr 4 w Niepołomicach").exists()


def test_a_forged_start_time_is_treated_as_a_bot(client, reference_data):
    client.post(reverse("join:apply"), form_data(client, started="123:abc"))
    assert not Application.objects.exists()


def test_the_search_cannot_be_run_in_bulk_through_the_form_page_either(client, reference_data):
    """The htmx look-up is limited; the same search reached as /join/?q= (no JavaScript) must be too."""
    for _ in range(SEARCHES_PER_MINUTE):
        assert client.get(reverse("join:institution-search"), {"q": "Szkoła"}).status_code == 200
    assert client.get(reverse("join:apply"), {"q": "Szkoła"}).status_code == 429
    assert client.get(reverse("join:apply")).status_code == 200  # the form itself stays open


def test_too_many_applications_from_one_address_get_429(client, reference_data, settings):
    settings.APPLICATIONS_PER_MINUTE = 2
    data = form_data(client, director_consent="")  # invalid: nothing is stored, but each try counts
    responses = [client.post(reverse("join:apply"), data) for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 429]
    assert responses[-1]["Retry-After"] == "60" and "Zbyt wiele prób" in responses[-1].text


def test_missing_consent_and_coordinator_are_explained(client, reference_data):
    data = form_data(client, director_consent="", rodo_acknowledged="", **{"coordinators-0-first_name": "",
                     "coordinators-0-last_name": "", "coordinators-0-email": "", "coordinators-0-position": ""})
    response = client.post(reverse("join:apply"), data)
    assert response.context["form"].errors.keys() >= {"director_consent", "rodo_acknowledged"}
    assert response.context["formset"].non_form_errors()
    assert not Application.objects.exists()


def test_asking_for_a_new_confirmation_link_is_neutral(client, reference_data):
    client.post(reverse("join:apply"), form_data(client))
    url = reverse("join:confirm-request")
    known = client.post(url, {"email": "sekretariat@sp4-niepolomice.example.pl"})
    unknown = client.post(url, {"email": "nikt@example.pl"})
    assert re.sub(r"[A-Za-z0-9]{64}", "", known.text) == re.sub(r"[A-Za-z0-9]{64}", "", unknown.text)
    assert OutgoingEmail.objects.filter(template="application-confirm").count() == 2


def test_a_stale_application_confirmed_late_does_not_become_a_second_one_in_the_queue(client, reference_data):
    """An unconfirmed application older than its link no longer blocks a new one; if its author then
    asks for a new link, confirming it must not put a second application for the school before KWP."""
    client.post(reverse("join:apply"), form_data(client))
    stale = Application.objects.get()
    Application.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(days=5))
    client.post(reverse("join:apply"), form_data(client, applicant_email="dyrektor@sp4-niepolomice.example.pl"))
    fresh = Application.objects.exclude(pk=stale.pk).get()
    client.get(confirmation_link())  # the fresh one's link
    client.post(reverse("join:confirm-request"), {"email": stale.applicant_email})
    response = client.get(confirmation_link(), follow=True)  # the stale one's new link
    assert "już czeka na decyzję" in response.text
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert (stale.status, fresh.status) == ("unconfirmed", "new")
    assert not stale.events.filter(kind=ApplicationEvent.Kind.CONFIRMED).exists()


# --- KWP's decision -----------------------------------------------------------------------------


def test_accepting_creates_the_institution_coordinators_and_invitations(world):
    application = ApplicationFactory()
    institution = application_accept(application=application, by=world.kwp)

    application.refresh_from_db()
    assert (application.status, application.decided_by, application.institution) == ("accepted", world.kwp,
                                                                                       institution)
    assert institution.joined_on is not None and institution.police_unit == county("1219").police_unit
    [coordinator] = institution.coordinators.all()
    assert coordinator.username == coordinator.email and not coordinator.has_usable_password()
    assert coordinator.invitations.filter(used_at__isnull=True).count() == 1
    assert [e.kind for e in application.events.all()] == ["invited", "accepted"]


def test_accepting_a_known_institution_keeps_its_joined_date_and_links_an_existing_coordinator(world):
    world.institution_b.joined_on = None
    world.institution_b.save()
    application = ApplicationFactory(institution=world.institution_b, with_coordinator=False)
    application.coordinators.create(first_name="Anna", last_name="Nowak", email=world.coordinator_a.email.upper())
    institution = application_accept(application=application, by=world.kwp)
    assert institution == world.institution_b
    assert world.coordinator_a in institution.coordinators.all()
    assert OutgoingEmail.objects.filter(template="coordinator-added", to=[world.coordinator_a.email]).exists()
    assert not world.coordinator_a.invitations.exists()


def test_an_address_of_another_role_stops_the_acceptance(world):
    application = ApplicationFactory(with_coordinator=False)
    application.coordinators.create(first_name="Adam", last_name="Zieliński", email=world.auditor.email)
    with pytest.raises(InstitutionError, match="innej roli"):
        application_accept(application=application, by=world.kwp)
    application.refresh_from_db()
    assert application.status == "new" and not Institution.objects.filter(name=application.name).exists()


def test_an_application_is_decided_once(world):
    application = ApplicationFactory()
    application_accept(application=application, by=world.kwp)
    with pytest.raises(InstitutionError, match="już podjęto decyzję"):
        application_accept(application=application, by=world.kwp)
    with pytest.raises(InstitutionError):
        application_reject(application=application, by=world.kwp, reason="Za późno")
    assert User.objects.filter(email__startswith="ewa.malinowska").count() == 1


def test_rejecting_needs_a_reason_and_sends_it(world):
    application = ApplicationFactory()
    with pytest.raises(InstitutionError, match="Podaj powód"):
        application_reject(application=application, by=world.kwp, reason="  ")
    application_reject(application=application, by=world.kwp, reason="Placówka spoza Małopolski.")
    application.refresh_from_db()
    assert application.status == "rejected"
    email = OutgoingEmail.objects.get(template="application-rejected")
    assert email.to == [application.applicant_email]
    assert "Placówka spoza Małopolski." in email_render(email).body
    assert application.events.get(kind=ApplicationEvent.Kind.REJECTED).by == world.kwp


def test_the_queue_filters_by_status_and_county(client, world):
    ApplicationFactory(name="Nowe z Wieliczki")
    ApplicationFactory(name="Nowe z Tarnowa", county=county("1263"))
    ApplicationFactory(name="Odrzucone", status="rejected")
    client.force_login(world.kwp)
    url = reverse("institutions:application-list")
    names = lambda response: sorted(a.name for a in response.context["page"])  # noqa: E731
    assert "Odrzucone" not in names(client.get(url)) and "Nowe z Tarnowa" in names(client.get(url))
    assert names(client.get(url, {"county": county("1263").pk})) == ["Nowe z Tarnowa"]
    assert names(client.get(url, {"status": "rejected"})) == ["Odrzucone"]


def test_the_accept_button_twice_shows_a_message(client, world):
    application = ApplicationFactory()
    client.force_login(world.kwp)
    client.post(reverse("institutions:application-accept", args=[application.pk]))
    response = client.post(reverse("institutions:application-accept", args=[application.pk]), follow=True)
    assert "już podjęto decyzję" in response.text


def test_the_application_page_shows_where_the_known_institution_stands(client, world):
    """Accepting links the named people to the known institution: KWP sees whether it already took part
    (and left) and who coordinates it before deciding."""
    institution = world.institution_b
    institution.joined_on, institution.is_active = date(2020, 9, 1), False
    institution.save()
    application = ApplicationFactory(institution=institution)
    client.force_login(world.kwp)
    page = client.get(application.get_absolute_url()).text
    assert "w programie od 01.09.2020" in page and "nieaktywna" in page
    assert str(world.coordinator_b) in page


def test_two_coordinators_cannot_share_an_address(client, reference_data):
    data = form_data(client, **{"coordinators-1-first_name": "Jan", "coordinators-1-last_name": "Lis",
                                "coordinators-1-email": "ewa.lis@SP4-niepolomice.example.pl"})
    response = client.post(reverse("join:apply"), data)
    assert response.context["formset"].non_form_errors() == ["Każdy koordynator musi mieć własny adres e-mail."]
    assert not Application.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_store_one_application(reference_data):
    barrier = threading.Barrier(2)
    results: list[object] = []

    def submit():
        try:
            connection.ensure_connection()
            barrier.wait(timeout=10)
            application = ApplicationFactory.build(status="unconfirmed", name="Szkoła w Dwóch Kartach", rspo="")
            coordinator = ApplicationCoordinator(first_name="Ewa", last_name="Lis", email="ewa@example.pl")
            application_submit(application=application, coordinators=[coordinator])
            results.append("stored")
        except InstitutionError:
            results.append("refused")
        except BaseException as exc:  # reported below
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(map(str, results)) == ["refused", "stored"]
    assert Application.objects.filter(name="Szkoła w Dwóch Kartach").count() == 1


# --- Accounts the application's coordinators already have ----------------------------------------


def test_a_deactivated_account_stops_the_acceptance(world):
    """KWP deactivated the person on purpose: the application must not quietly link them (nor tell KWP
    that invitations went out); KWP reactivates the account first if they want it."""
    world.coordinator_b.is_active = False
    world.coordinator_b.save()
    application = ApplicationFactory(with_coordinator=False)
    application.coordinators.create(first_name="Anna", last_name="Nowak", email=world.coordinator_b.email)
    with pytest.raises(InstitutionError, match="dezaktywowanego konta"):
        application_accept(application=application, by=world.kwp)
    application.refresh_from_db()
    assert application.status == "new" and not Institution.objects.filter(name=application.name).exists()
    assert not OutgoingEmail.objects.filter(template="coordinator-added").exists()


def test_a_superuser_address_is_never_linked_as_a_coordinator(world):
    admin = User.objects.create_superuser("admin", "admin@kwp.example.pl", "x-Haslo-123")
    application = ApplicationFactory(with_coordinator=False)
    application.coordinators.create(first_name="Adam", last_name="Admin", email="ADMIN@kwp.example.pl")
    with pytest.raises(InstitutionError, match="administratora"):
        application_accept(application=application, by=world.kwp)
    assert not admin.coordinated_institutions.exists()


def test_an_existing_coordinator_without_a_password_gets_a_fresh_invitation(world):
    """Linked, but never set a password (their invitation expired): "sign in with your account" would
    lead nowhere, so they get a new invitation instead."""
    waiting = User.objects.create(username="czeka@sp-wieliczka.example.pl", email="czeka@sp-wieliczka.example.pl")
    waiting.set_unusable_password()
    waiting.save()
    application = ApplicationFactory(with_coordinator=False)
    application.coordinators.create(first_name="Jan", last_name="Czeka", email=waiting.email)
    institution = application_accept(application=application, by=world.kwp)
    assert waiting in institution.coordinators.all()
    assert waiting.invitations.filter(used_at__isnull=True, revoked_at__isnull=True).count() == 1
    assert not OutgoingEmail.objects.filter(template="coordinator-added").exists()
    assert [e.kind for e in application.events.all()] == ["invited", "accepted"]


def test_an_institution_that_joined_meanwhile_is_not_given_more_coordinators(world):
    """E.g. a stale application confirmed after another one was accepted: accepting it would hand the
    institution to whoever it names. KWP adds coordinators on the institution's page instead."""
    institution = world.institution_b
    institution.joined_on = date(2025, 9, 1)
    institution.save()
    application = ApplicationFactory(institution=institution)
    with pytest.raises(InstitutionError, match="już uczestniczy w programie"):
        application_accept(application=application, by=world.kwp)
    assert list(institution.coordinators.all()) == [world.coordinator_b]
    application.refresh_from_db()
    assert application.status == "new"


def test_the_applicant_learns_of_the_acceptance(world):
    """The confirmation page promises the applicant the decision by e-mail; the coordinators' invitations
    go to other addresses (the applicant is often the school's office)."""
    application = ApplicationFactory()
    institution = application_accept(application=application, by=world.kwp)
    email = OutgoingEmail.objects.get(template="application-accepted")
    assert email.to == [application.applicant_email]
    body = email_render(email).body
    assert institution.name in body and "ewa.malinowska" in body and "dostępem do systemu" in body
