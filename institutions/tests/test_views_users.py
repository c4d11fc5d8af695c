import pytest
from django.urls import reverse

from core.models import OutgoingEmail
from institutions.models import User
from institutions.tests.factories import police_unit

pytestmark = pytest.mark.usefixtures("reference_data")


def user_data(**overrides) -> dict:
    data = {
        "username": "m.kowalska", "first_name": "Maria", "last_name": "Kowalska",
        "email": "M.Kowalska@sp7-wieliczka.example.pl", "phone": "", "role": User.Role.COORDINATOR,
        "police_unit": "", "department": "", "is_active": "on",
    }
    return data | overrides


def test_a_new_account_gets_an_invitation_through_the_outbox(kwp_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        response = kwp_client.post(reverse("institutions:user-create"), user_data(), follow=True)
    user = User.objects.get(username="m.kowalska")
    assert user.email == "m.kowalska@sp7-wieliczka.example.pl"
    assert not user.has_usable_password()
    assert "Konto zostało utworzone" in response.text
    # the world's own set-up may have queued other notices; only this invitation is ours
    [email] = OutgoingEmail.objects.filter(to=["m.kowalska@sp7-wieliczka.example.pl"])
    assert email.template == "invitation"
    assert len(callbacks) == 1


def test_an_auditor_needs_a_police_unit(kwp_client):
    emails = OutgoingEmail.objects.count()
    response = kwp_client.post(reverse("institutions:user-create"), user_data(role=User.Role.AUDITOR))
    assert response.context["form"].errors["police_unit"] == ["Audytor musi być przypisany do jednostki Policji."]
    assert not User.objects.filter(username="m.kowalska").exists()
    assert OutgoingEmail.objects.count() == emails


def test_an_auditor_keeps_unit_and_department(kwp_client):
    kwp_client.post(reverse("institutions:user-create"), user_data(
        role=User.Role.AUDITOR, police_unit=police_unit("KMP Tarnów").pk, department="Wydział Prewencji"))
    user = User.objects.get(username="m.kowalska")
    assert (user.police_unit, user.department) == (police_unit("KMP Tarnów"), "Wydział Prewencji")


def test_an_e_mail_address_is_used_once(kwp_client, world):
    response = kwp_client.post(reverse("institutions:user-create"), user_data(email=world.coordinator_a.email.upper()))
    assert response.context["form"].errors["email"] == ["Inny użytkownik ma już ten adres e-mail."]


def test_the_user_list_searches_and_filters_by_role(kwp_client, world):
    url = reverse("institutions:user-list")
    found = [u.username for u in kwp_client.get(url, {"q": "nowak"}).context["page"]]
    assert found == ["koordynator_a"]
    found = [u.username for u in kwp_client.get(url, {"role": "auditor"}).context["page"]]
    assert set(found) == {"audytor", "funkcjonariusz_a", "funkcjonariusz_b"}  # officers are auditors too


def test_the_edit_page_lists_the_coordinated_institutions(kwp_client, world):
    response = kwp_client.get(reverse("institutions:user-edit", args=[world.coordinator_a.pk]))
    assert [i.name for i in response.context["institutions"]] == ["Szkoła Podstawowa nr 1 w Bochni"]
    assert "Koordynowane placówki" in response.text


def test_the_user_list_tells_a_pending_invitation_from_one_no_longer_valid(kwp_client, kwp):
    """A revoked invitation (account deactivated) is not "pending", and not called "expired" either."""
    from institutions.services.users import user_save, user_set_active

    user_save(user=User(username="nowa", email="nowa@sp1.example.pl", role=User.Role.COORDINATOR))
    revoked = user_save(user=User(username="stara", email="stara@sp2.example.pl", role=User.Role.COORDINATOR))
    user_set_active(user=revoked, active=False, by=kwp)

    def badge(username: str) -> str:
        page = kwp_client.get(reverse("institutions:user-list"), {"q": username, "active": "all"})
        return page.content.decode().split(f"{username}@")[1].split("</tr>")[0]

    assert "oczekuje" in badge("nowa")
    assert "nieważne" in badge("stara") and "oczekuje" not in badge("stara")


def test_an_account_created_inactive_is_offered_a_first_invitation_not_a_repeat(kwp_client):
    kwp_client.post(reverse("institutions:user-create"), user_data(is_active=""))
    account = User.objects.get(username="m.kowalska")
    assert not account.invitations.exists()  # nothing is sent to a deactivated account
    kwp_client.post(reverse("institutions:user-toggle-active", args=[account.pk]))
    html = kwp_client.get(reverse("institutions:user-edit", args=[account.pk])).content.decode()
    assert "Wyślij zaproszenie</button>" in html and "ponownie" not in html
