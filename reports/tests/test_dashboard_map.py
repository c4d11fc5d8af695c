"""KWP's dashboard shows today's county map of certified institutions, its numbers equal to its table's."""

import pytest
from django.urls import reverse

from certification.tests import factories
from certification.tests.test_county_map import parse

pytestmark = pytest.mark.django_db


def test_the_maps_numbers_equal_the_tables_on_the_kwp_dashboard(client, world):
    factories.certificate(institution=world.institution_a)  # Bochnia (1201)
    factories.certificate(institution=world.institution_b)  # Tarnów (1263)
    client.force_login(world.kwp)
    page = parse(client.get(reverse("dashboard")).content.decode())
    assert len(page.tiles) == 22
    assert page.tiles == page.rows
    assert page.tiles["1201"] == 1 == page.tiles["1263"] and sum(page.tiles.values()) == 2


def test_other_roles_dashboards_have_no_map(client, world):
    client.force_login(world.coordinator_a)
    assert "county-tile" not in client.get(reverse("dashboard")).content.decode()
