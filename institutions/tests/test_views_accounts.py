"""KWP's account management: invitation state, re-sending, deactivating, inviting a coordinator."""

from django.test import Client
from django.urls import reverse

from core.models import OutgoingEmail
from institutions.models import User
from institutions.tests.factories import UserFactory


def test_the_list_shows_invitation_state_and_hides_deactivated_accounts(kwp_client, world):
    waiting = UserFactory(username="czeka", password=None)
    kwp_client.post(reverse("institutions:user-invite", args=[waiting.pk]))
    gone = UserFactory(username="odszedl", is_active=False)
    page = kwp_client.get(reverse("institutions:user-list"))
    accounts = {u.username: u for u in page.context["page"]}
    assert "odszedl" not in accounts and accounts["czeka"].invitation_pending
    assert "oczekuje" in page.text and "Szkoła Podstawowa nr 1 w Bochni" in page.text
    inactive = kwp_client.get(reverse("institutions:user-list"), {"active": "no"})
    assert [u.username for u in inactive.context["page"]] == [gone.username]


def test_a_deactivated_user_cannot_sign_in_and_is_kept(kwp_client, world):
    response = kwp_client.post(reverse("institutions:user-toggle-active", args=[world.coordinator_b.pk]), follow=True)
    assert "Konto zostało dezaktywowane" in response.text
    world.coordinator_b.refresh_from_db()
    assert not world.coordinator_b.is_active
    assert not Client().login(username="koordynator_b", password="haslo-testowe-123")


def test_kwp_cannot_deactivate_itself(kwp_client, kwp):
    response = kwp_client.post(reverse("institutions:user-toggle-active", args=[kwp.pk]), follow=True)
    assert "Nie możesz dezaktywować własnego konta." in response.text
    kwp.refresh_from_db()
    assert kwp.is_active


def test_kwp_cannot_deactivate_itself_through_the_edit_form_either(kwp_client, kwp):
    data = {"username": kwp.username, "first_name": kwp.first_name, "last_name": kwp.last_name,
            "email": kwp.email, "phone": "", "role": kwp.role, "police_unit": kwp.police_unit_id, "department": ""}
    response = kwp_client.post(reverse("institutions:user-edit", args=[kwp.pk]), data)  # is_active unticked
    assert response.status_code == 302
    kwp.refresh_from_db()
    assert kwp.is_active


def test_inviting_a_new_coordinator_to_an_institution(kwp_client, world):
    url = reverse("institutions:coordinator-invite", args=[world.institution_a.pk])
    response = kwp_client.post(url, {"first_name": "Ewa", "last_name": "Lis", "email": "Ewa.Lis@example.pl",
                                     "phone": ""}, follow=True)
    assert "Konto zostało utworzone, a zaproszenie wysłane." in response.text
    user = User.objects.get(email="ewa.lis@example.pl")
    assert user in world.institution_a.coordinators.all() and user.invitations.count() == 1


def test_inviting_an_existing_coordinator_links_them(kwp_client, world):
    url = reverse("institutions:coordinator-invite", args=[world.institution_a.pk])
    kwp_client.post(url, {"first_name": "B", "last_name": "K", "email": world.coordinator_b.email, "phone": ""})
    assert world.coordinator_b in world.institution_a.coordinators.all()
    assert OutgoingEmail.objects.filter(template="coordinator-added", to=[world.coordinator_b.email]).exists()


def test_an_auditor_address_cannot_become_a_coordinator(kwp_client, world):
    url = reverse("institutions:coordinator-invite", args=[world.institution_a.pk])
    response = kwp_client.post(url, {"first_name": "A", "last_name": "Z", "email": world.auditor.email, "phone": ""})
    assert "należy do konta o innej roli" in response.text
    assert world.auditor not in world.institution_a.coordinators.all()


def test_inviting_someone_who_already_coordinates_it_says_so_and_sends_nothing(kwp_client, world):
    url = reverse("institutions:coordinator-invite", args=[world.institution_a.pk])
    response = kwp_client.post(url, {"first_name": "A", "last_name": "K", "email": world.coordinator_a.email.upper(),
                                     "phone": ""})
    assert "już koordynuje tę placówkę" in response.text
    assert not OutgoingEmail.objects.filter(template="coordinator-added").exists()


def test_a_deactivated_coordinator_is_not_linked_by_an_invitation(kwp_client, world):
    world.coordinator_b.is_active = False
    world.coordinator_b.save()
    url = reverse("institutions:coordinator-invite", args=[world.institution_a.pk])
    response = kwp_client.post(url, {"first_name": "B", "last_name": "K", "email": world.coordinator_b.email,
                                     "phone": ""})
    assert "należy do dezaktywowanego konta" in response.text
    assert world.coordinator_b not in world.institution_a.coordinators.all()
