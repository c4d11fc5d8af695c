"""Every user's own profile: name and phone, e-mail change with confirmation."""

import re

import pytest
from django.urls import reverse

from core.emails import email_render
from core.models import OutgoingEmail
from institutions.services.users import email_change_confirm
from institutions.tokens import LinkError, LinkProblem
from zpb.tests.world import PASSWORD


@pytest.fixture
def coordinator_client(client, world):
    client.force_login(world.coordinator_a)
    return client


def change_link() -> str:
    email = OutgoingEmail.objects.filter(template="email-change").latest("pk")
    return re.search(r"/accounts/email/[^/\s]+/", email_render(email).body).group(0)


def test_the_profile_saves_name_and_phone_and_lists_the_institutions(coordinator_client, world):
    page = coordinator_client.get(reverse("accounts:profile"))
    assert "Szkoła Podstawowa nr 1 w Bochni" in page.text
    coordinator_client.post(reverse("accounts:profile"), {"first_name": "Anna", "last_name": "Nowak-Lis",
                                                          "phone": "600 100 200"})
    world.coordinator_a.refresh_from_db()
    assert (world.coordinator_a.last_name, world.coordinator_a.phone) == ("Nowak-Lis", "600 100 200")


def test_an_e_mail_change_needs_the_password(coordinator_client, world):
    response = coordinator_client.post(reverse("accounts:email-change"),
                                       {"new_email": "anna@nowy.example.pl", "password": "zle"})
    assert response.context["email_form"].errors["password"] == ["Hasło jest nieprawidłowe."]
    assert not OutgoingEmail.objects.filter(template="email-change").exists()


def test_the_address_changes_only_when_the_link_is_opened_and_only_once(coordinator_client, client, world):
    old = world.coordinator_a.email
    coordinator_client.post(reverse("accounts:email-change"), {"new_email": "Anna@Nowy.example.pl",
                                                               "password": PASSWORD})
    email = OutgoingEmail.objects.get(template="email-change")
    assert email.to == ["anna@nowy.example.pl"] and "token" not in email.context
    world.coordinator_a.refresh_from_db()
    assert world.coordinator_a.email == old

    link = change_link()
    response = coordinator_client.get(link, follow=True)
    assert "Twój adres e-mail to teraz anna@nowy.example.pl." in response.text
    world.coordinator_a.refresh_from_db()
    assert world.coordinator_a.email == "anna@nowy.example.pl"
    assert OutgoingEmail.objects.get(template="email-changed").to == [old]

    assert "Link został już wykorzystany." in coordinator_client.get(link).text


def test_a_link_stops_working_once_the_address_changed_otherwise(coordinator_client, world):
    coordinator_client.post(reverse("accounts:email-change"), {"new_email": "pierwszy@example.pl",
                                                               "password": PASSWORD})
    first = change_link().split("/")[-2]
    coordinator_client.post(reverse("accounts:email-change"), {"new_email": "drugi@example.pl",
                                                               "password": PASSWORD})
    email_change_confirm(token=change_link().split("/")[-2])
    with pytest.raises(LinkError) as exc:
        email_change_confirm(token=first)
    assert exc.value.problem == LinkProblem.INVALID


def test_an_address_taken_meanwhile_is_refused_on_confirmation(coordinator_client, world):
    coordinator_client.post(reverse("accounts:email-change"), {"new_email": world.coordinator_b.email,
                                                               "password": PASSWORD})
    response = coordinator_client.get(change_link(), follow=True)
    assert "Tego adresu e-mail używa inne konto." in response.text
    world.coordinator_a.refresh_from_db()
    assert world.coordinator_a.email != world.coordinator_b.email
