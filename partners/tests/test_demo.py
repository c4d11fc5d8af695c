import io

import pytest
from django.db.models import Count

from institutions.tests.factories import InstitutionFactory, UniversityFactory, county
from partners import demo
from partners.models import Partner, Partnership, normalize_name


@pytest.fixture
def institutions(reference_data):
    return [
        InstitutionFactory(
            name="Szkoła Podstawowa nr 3 w Bochni", town="Bochnia", gmina="Bochnia", county=county("1201")
        ),
        InstitutionFactory(
            name="Technikum nr 1 w Myślenicach", type="technical", gmina="Myślenice", county=county("1209")
        ),
        InstitutionFactory(name="Szkoła Podstawowa nr 12 w Krakowie", county=county("1261")),
        InstitutionFactory(name="Liceum nr 5 w Krakowie", type="general_secondary", county=county("1261")),
        UniversityFactory(name="Akademia Górniczo-Hutnicza", county=county("1261")),
        InstitutionFactory(name="Gimnazjum nr 2 w Tarnowie", type="gimnazjum", county=county("1263"), is_active=False),
    ]


def test_seed_gives_every_active_institution_two_to_five_partnerships(institutions):
    demo.seed(io.StringIO(), password="x")
    counts = {i.name: i.n for i in type(institutions[0]).objects.annotate(n=Count("partnerships"))}
    assert counts.pop("Gimnazjum nr 2 w Tarnowie") == 0
    assert all(2 <= n <= 5 for n in counts.values()), counts


def test_seed_links_each_institution_with_its_police_unit(institutions):
    demo.seed(io.StringIO(), password="x")
    for institution in institutions[:5]:
        assert institution.partnerships.filter(
            partner__name=institution.police_unit.name, partner__kind="police"
        ).exists()


def test_seed_has_one_police_partner_per_city_and_county_unit(institutions):
    demo.seed(io.StringIO(), password="x")
    assert Partner.objects.filter(kind=Partner.Kind.POLICE).count() == 20


def test_seed_contains_the_krakow_guard_twice_for_a_merge_demo(institutions):
    demo.seed(io.StringIO(), password="x")
    guards = Partner.objects.filter(name_key=normalize_name("Straż Miejska Miasta Krakowa"))
    assert guards.count() == 2
    assert all(guard.partnerships.exists() for guard in guards)


def test_seed_is_deterministic(institutions):
    demo.seed(io.StringIO(), password="x")
    first = list(
        Partnership.objects.order_by("pk").values_list("institution_id", "partner__name", "started_on", "ended_on")
    )
    Partnership.objects.all().delete()
    Partner.objects.all().delete()
    demo.seed(io.StringIO(), password="x")
    assert (
        list(
            Partnership.objects.order_by("pk").values_list("institution_id", "partner__name", "started_on", "ended_on")
        )
        == first
    )
