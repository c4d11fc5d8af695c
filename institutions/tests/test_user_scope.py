"""KWP staff manage ordinary accounts only: superusers are out of their reach."""

import pytest
from django.urls import reverse

from institutions.tests.factories import KwpStaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_kwp_staff_cannot_open_or_list_a_superuser(client, kwp):
    admin = UserFactory(username="administrator", is_superuser=True, is_staff=True, email="admin@kwp.example.pl")
    client.force_login(kwp)

    assert client.get(reverse("institutions:user-edit", args=[admin.pk])).status_code == 404
    response = client.post(reverse("institutions:user-edit", args=[admin.pk]), {"email": "atak@example.pl"})
    assert response.status_code == 404
    admin.refresh_from_db()
    assert admin.email == "admin@kwp.example.pl"
    assert "administrator" not in client.get(reverse("institutions:user-list")).content.decode()


def test_kwp_staff_cannot_reach_an_admin_site_account_nor_deactivate_or_invite_it(client, kwp):
    """A Django-admin account (is_staff) may hold permissions KWP staff lack: changing its e-mail and
    resetting the password would take them over, so it is out of reach like a superuser."""
    staff = UserFactory(username="operator", is_staff=True, email="operator@kwp.example.pl")
    client.force_login(kwp)
    for name in ("user-edit", "user-toggle-active", "user-invite"):
        method = client.get if name == "user-edit" else client.post
        assert method(reverse(f"institutions:{name}", args=[staff.pk])).status_code == 404
    staff.refresh_from_db()
    assert staff.is_active and "operator" not in client.get(reverse("institutions:user-list")).content.decode()


def _edit_data(account, **changes) -> dict:
    data = {"username": account.username, "first_name": account.first_name, "last_name": account.last_name,
            "email": account.email, "phone": "", "role": account.role, "police_unit": account.police_unit_id or "",
            "department": "", "is_active": "on"}
    return data | changes


def test_kwp_staff_cannot_readdress_a_colleagues_kwp_account(client, kwp):
    """Changing a colleague's e-mail (or their login, or demoting them first) and then asking for a password
    reset would let one KWP employee sign in as another; only an administrator may do it."""
    colleague = KwpStaffFactory(username="kolega", email="kolega@kwp.example.pl")
    client.force_login(kwp)
    url = reverse("institutions:user-edit", args=[colleague.pk])
    client.post(url, _edit_data(colleague, email="moj@kwp.example.pl", username="moj", role="coordinator"))
    colleague.refresh_from_db()
    assert (colleague.email, colleague.username, colleague.role) == ("kolega@kwp.example.pl", "kolega", "kwp")


def test_an_administrator_can_readdress_a_kwp_account(client, kwp):
    colleague = KwpStaffFactory(username="kolega", email="kolega@kwp.example.pl")
    admin = UserFactory(username="administrator", is_superuser=True, is_staff=True, email="admin@kwp.example.pl")
    client.force_login(admin)
    client.post(
        reverse("institutions:user-edit", args=[colleague.pk]), _edit_data(colleague, email="nowy@kwp.example.pl")
    )
    colleague.refresh_from_db()
    assert colleague.email == "nowy@kwp.example.pl"
