"""Invitations: sending, re-sending, setting the first password once, asking for a new link."""

import re
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core.emails import email_render
from core.models import OutgoingEmail
from institutions.models import Invitation, User
from institutions.services import InstitutionError
from institutions.services.invitations import invitation_accept, invitation_send
from institutions.services.users import user_save, user_set_active
from institutions.tests.factories import UserFactory
from institutions.tokens import LinkError, LinkProblem

PASSWORD = "Bardzo-Dobre-Haslo-2026"


def link_in(invitation: Invitation) -> str:
    """The set-password link as the e-mail carries it (rendered now, like the worker does)."""
    email = OutgoingEmail.objects.get(template="invitation", context__invitation_id=invitation.pk)
    return re.search(r"/accounts/invitation/[^/\s]+/", email_render(email).body).group(0)


def without_csrf(html: str) -> str:
    return re.sub(r"[A-Za-z0-9]{64}", "", html)


def token_of(invitation: Invitation) -> str:
    return link_in(invitation).split("/")[-2]


@pytest.fixture
def newcomer(reference_data):
    user = UserFactory.build(username="nowa.koordynatorka", email="nowa@sp3-bochnia.example.pl")
    return user_save(user=user)


def test_a_new_account_gets_an_invitation_whose_token_is_not_stored(newcomer):
    [invitation] = newcomer.invitations.all()
    email = OutgoingEmail.objects.get(template="invitation", to=["nowa@sp3-bochnia.example.pl"])
    assert email.context == {"invitation_id": invitation.pk, "username": "nowa.koordynatorka"}
    token = token_of(invitation)
    assert token not in str(email.context) and token not in invitation.token_hash


def test_re_sending_revokes_the_older_invitation(newcomer, kwp):
    first = newcomer.invitations.get()
    old_token = token_of(first)
    second = invitation_send(user=newcomer, by=kwp)
    first.refresh_from_db()
    assert first.revoked_at is not None and second.created_by == kwp
    with pytest.raises(LinkError) as exc:
        invitation_accept(token=old_token, password=PASSWORD)
    assert exc.value.problem == LinkProblem.REVOKED
    assert invitation_accept(token=token_of(second), password=PASSWORD).check_password(PASSWORD)


def test_no_invitation_for_someone_who_has_a_password(world):
    with pytest.raises(InstitutionError, match="ustawił już hasło"):
        invitation_send(user=world.coordinator_a)


def test_deactivating_revokes_open_invitations_and_keeps_the_account(newcomer, kwp):
    invitation = newcomer.invitations.get()
    user_set_active(user=newcomer, active=False, by=kwp)
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert User.objects.filter(pk=newcomer.pk, is_active=False).exists()


def test_nobody_deactivates_themselves(kwp):
    with pytest.raises(InstitutionError, match="własnego konta"):
        user_set_active(user=kwp, active=False, by=kwp)


def test_the_invitation_page_sets_the_password_logs_in_and_opens_the_institution(client, world):
    world.coordinator_a.set_unusable_password()
    world.coordinator_a.save()
    invitation = invitation_send(user=world.coordinator_a)
    link = link_in(invitation)

    response = client.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.url == world.institution_a.get_absolute_url()
    assert client.get(response.url).status_code == 200  # signed in
    world.coordinator_a.refresh_from_db()
    assert world.coordinator_a.check_password(PASSWORD)

    client.logout()
    again = client.get(link)
    assert "Link został już wykorzystany." in again.text
    assert "Wyślij mi nowe zaproszenie" in again.text


def test_an_expired_invitation_is_refused_with_a_way_to_ask_again(client, newcomer):
    invitation = newcomer.invitations.get()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.post(link_in(invitation), {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert "Link wygasł." in response.text
    newcomer.refresh_from_db()
    assert not newcomer.has_usable_password()


def test_a_weak_password_is_refused_and_the_link_stays_valid(client, newcomer):
    invitation = newcomer.invitations.get()
    response = client.post(link_in(invitation), {"new_password1": "krotkie", "new_password2": "krotkie"})
    assert response.status_code == 200 and response.context["form"].errors
    invitation.refresh_from_db()
    assert invitation.used_at is None


def test_asking_for_a_new_invitation_does_not_tell_which_addresses_exist(client, newcomer, world):
    url = reverse("accounts:invitation-request")
    known = client.post(url, {"email": "NOWA@sp3-bochnia.example.pl"})
    unknown = client.post(url, {"email": "nikt@example.pl"})
    has_password = client.post(url, {"email": world.coordinator_a.email})
    assert known.status_code == unknown.status_code == has_password.status_code == 200
    assert without_csrf(known.text) == without_csrf(unknown.text) == without_csrf(has_password.text)
    assert newcomer.invitations.count() == 2  # the known one got a fresh invitation
    assert not world.coordinator_a.invitations.exists()


def test_too_many_requests_for_new_invitations_get_429(client, db):
    url = reverse("accounts:invitation-request")
    statuses = [client.post(url, {"email": "nikt@example.pl"}).status_code for _ in range(6)]
    assert statuses[-1] == 429 and statuses[0] == 200


@pytest.mark.django_db(transaction=True)
def test_of_two_simultaneous_uses_exactly_one_wins(reference_data):
    user = user_save(user=UserFactory.build(username="wyscig", email="wyscig@example.pl"))
    token = token_of(user.invitations.get())
    barrier = threading.Barrier(2)
    results: list[object] = []

    def use(password):
        try:
            connection.ensure_connection()
            barrier.wait(timeout=10)
            invitation_accept(token=token, password=password)
            results.append(password)
        except LinkError as exc:
            results.append(exc.problem)
        except BaseException as exc:  # reported below
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=use, args=(p,)) for p in ("Pierwsze-Haslo-123", "Drugie-Haslo-456")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    winners = [r for r in results if isinstance(r, str)]
    assert len(winners) == 1 and results.count(LinkProblem.USED) == 1, results
    user.refresh_from_db()
    assert user.check_password(winners[0])


def test_an_invitation_queued_in_the_old_format_still_gets_a_working_link(reference_data):
    user = UserFactory(username="dawna", email="dawna@example.pl", password=None)
    email = OutgoingEmail.objects.create(template="invitation", to=[user.email],
                                         context={"user_id": user.pk, "username": user.username})
    token = re.search(r"/accounts/invitation/([^/\s]+)/", email_render(email).body).group(1)
    assert invitation_accept(token=token, password=PASSWORD) == user


def test_correcting_the_address_revokes_the_link_sent_to_the_old_one(newcomer, kwp):
    """A mistyped address is corrected by KWP: the invitation that went there must stop working, or
    whoever owns the wrong address could set the password and take the account."""
    old_token = token_of(newcomer.invitations.get())
    newcomer.email = "poprawny@sp3-bochnia.example.pl"
    user_save(user=newcomer, by=kwp)
    with pytest.raises(LinkError) as exc:
        invitation_accept(token=old_token, password=PASSWORD)
    assert exc.value.problem == LinkProblem.REVOKED
    fresh = newcomer.invitations.get(revoked_at__isnull=True)
    assert OutgoingEmail.objects.filter(template="invitation", to=["poprawny@sp3-bochnia.example.pl"],
                                        context__invitation_id=fresh.pk).exists()
    assert invitation_accept(token=token_of(fresh), password=PASSWORD) == newcomer


def test_saving_without_changing_the_address_keeps_the_invitation(newcomer, kwp):
    newcomer.first_name = "Zofia"
    user_save(user=newcomer, by=kwp)
    assert newcomer.invitations.filter(revoked_at__isnull=True).count() == 1


def test_a_used_password_reset_link_offers_a_new_one(client, world):
    url = reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "uzyty-token"})
    response = client.get(url, follow=True)
    assert "został już użyty" in response.text
    assert f'href="{reverse("password_reset")}"' in response.text


def test_an_address_changed_by_kwp_is_told_at_the_old_one(world, kwp):
    """Like the owner's own change: whoever used the old address learns of it (and can object)."""
    account = world.coordinator_a
    old = account.email
    account.email = "nowy.adres@example.pl"
    user_save(user=account, by=kwp)
    email = OutgoingEmail.objects.get(template="email-changed")
    assert email.to == [old] and "nowy.adres@example.pl" in email_render(email).body
