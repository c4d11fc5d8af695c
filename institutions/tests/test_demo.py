import time
from io import StringIO

import pytest
from django.db.models import Count

from core.lib.validators import regon_is_valid
from institutions import demo
from institutions.models import Application, County, Institution, InstitutionType, User

pytestmark = pytest.mark.usefixtures("reference_data")


@pytest.fixture
def seeded(db):
    started = time.monotonic()
    demo.seed(StringIO(), password="haslo-demo-2026")
    return time.monotonic() - started


def test_one_login_per_role(seeded):
    users = {u.username: u for u in User.objects.filter(username__in=["kwp", "audytor", "audytor2", "koordynator",
                                                                      "koordynator2"])}
    assert users["kwp"].is_kwp and users["kwp"].police_unit.short_name == "KWP Kraków"
    assert (users["audytor"].police_unit.short_name, users["audytor"].department) == ("KWP Kraków", "Wydział Prewencji")
    assert users["audytor2"].police_unit.short_name == "KMP Nowy Sącz"
    assert users["audytor2"].served_unit_id == users["audytor2"].police_unit_id  # the county view of his unit
    assert users["koordynator"].coordinated_institutions.count() == 2
    assert users["koordynator2"].coordinated_institutions.get().type == InstitutionType.UNIVERSITY
    assert all(u.check_password("haslo-demo-2026") for u in users.values())


def test_schools_in_every_county_and_the_six_universities(seeded):
    assert Institution.objects.values("county").distinct().count() == County.objects.count() == 22
    assert Institution.objects.exclude(type=InstitutionType.UNIVERSITY).count() >= 55
    universities = Institution.objects.filter(type=InstitutionType.UNIVERSITY)
    assert universities.count() == 6
    assert "Akademia Górniczo-Hutnicza im. Stanisława Staszica w Krakowie" in {u.name for u in universities}
    assert not universities.exclude(rspo="").exists()


def test_the_data_is_valid_and_believable(seeded):
    for institution in Institution.objects.all():
        institution.full_clean()
        assert regon_is_valid(institution.regon)
        assert institution.police_unit == institution.county.police_unit
    gimnazja = Institution.objects.filter(type=InstitutionType.GIMNAZJUM)
    assert gimnazja.exists() and not gimnazja.filter(is_active=True).exists()
    assert Institution.objects.filter(joined_on__year__lte=2016).count() >= 10


def test_coordinators_are_shared_both_ways(seeded):
    assert Institution.objects.annotate(n=Count("coordinators")).filter(n__gt=1).exists()
    assert User.objects.annotate(n=Count("coordinated_institutions")).filter(n__gt=2).exists()
    assert not Institution.objects.filter(coordinators__isnull=True).exists()


def test_it_is_deterministic_and_fast(seeded):
    first = list(Institution.objects.order_by("rspo", "name").values_list("name", "rspo", "regon", "joined_on"))
    users = list(User.objects.order_by("username").values_list("username", "email"))
    Application.objects.all().delete()
    Institution.coordinators.through.objects.all().delete()
    Institution.objects.all().delete()
    User.objects.all().delete()
    demo.seed(StringIO(), password="haslo-demo-2026")
    assert list(Institution.objects.order_by("rspo", "name").values_list("name", "rspo", "regon", "joined_on")) == first
    assert list(User.objects.order_by("username").values_list("username", "email")) == users
    assert seeded < 3


def test_the_application_queue_has_one_of_each_status(seeded):
    assert sorted(Application.objects.values_list("status", flat=True)) == ["accepted", "new", "rejected",
                                                                             "unconfirmed"]
    accepted = Application.objects.get(status="accepted")
    assert accepted.institution.joined_on and accepted.events.filter(kind="accepted", by__username="kwp").exists()
    assert Application.objects.get(status="new").coordinators.exists()
