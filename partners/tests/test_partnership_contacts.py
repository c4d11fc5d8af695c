"""Contact details of partners are shown to the coordinators who entered them, and to KWP staff."""

import pytest
from django.urls import reverse

from partners.tests.factories import PartnerFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


def test_a_coordinator_sees_contacts_only_of_partners_added_at_their_institution(client, world):
    own = PartnerFactory(name="Rada Dzielnicy XII", contact_person="Ewa Własna", created_by=world.coordinator_a)
    foreign = PartnerFactory(name="Straż Gminna", contact_person="Jan Obcy", created_by=world.coordinator_b)
    for partner in (own, foreign):
        PartnershipFactory(institution=world.institution_a, partner=partner)
    url = reverse("institutions:detail", args=[world.institution_a.pk])

    client.force_login(world.coordinator_a)
    page = client.get(url).content.decode()
    assert "Ewa Własna" in page and "Straż Gminna" in page
    assert "Jan Obcy" not in page

    client.force_login(world.kwp)
    assert "Jan Obcy" in client.get(url).content.decode()
