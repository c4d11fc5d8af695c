"""KWP staff manage ordinary accounts only: superusers are out of their reach."""

import pytest
from django.urls import reverse

from institutions.tests.factories import UserFactory

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
