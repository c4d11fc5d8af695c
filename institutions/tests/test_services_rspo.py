import pytest

from institutions import rspo
from institutions.models import Institution, InstitutionType, RspoImport
from institutions.services import InstitutionError
from institutions.services.rspo_imports import rspo_import_apply, rspo_import_create, rspo_plan_apply
from institutions.tests.factories import InstitutionFactory, KwpStaffFactory, county, police_unit
from institutions.tests.rspo_files import csv_bytes, csv_text, school

pytestmark = pytest.mark.usefixtures("reference_data")

ROWS = [
    school("54321"),
    school("54322", Typ="Liceum ogólnokształcące", Nazwa="I LO w Nowym Sączu", Powiat="Nowy Sącz",
           Miejscowość="Nowy Sącz", **{"Kod pocztowy": "33-300"}),
    school("54323", Województwo="PODKARPACKIE"),
]


@pytest.fixture
def kwp():
    return KwpStaffFactory()


@pytest.fixture
def upload(kwp):
    return rspo_import_create(filename="rspo.csv", content=csv_text(ROWS), by=kwp)


def snapshot() -> list[tuple]:
    return list(Institution.objects.order_by("pk").values_list("pk", "name", "town", "updated_at"))


def test_applying_creates_institutions_served_by_their_county_unit(upload, kwp):
    rspo_import_apply(rspo_import=upload, by=kwp)
    created = Institution.objects.get(rspo="54322")
    assert created.type == InstitutionType.GENERAL_SECONDARY
    assert created.county == county("1262")
    assert created.police_unit == police_unit("KMP Nowy Sącz")
    assert not Institution.objects.filter(rspo="54323").exists()
    assert created.history.get().history_user == kwp


def test_applying_records_counts_and_time(upload, kwp):
    InstitutionFactory(rspo="54321", name="Stara nazwa", county=county("1219"))
    rspo_import_apply(rspo_import=upload, by=kwp)
    upload.refresh_from_db()
    assert upload.applied_at is not None
    assert (upload.created_count, upload.updated_count, upload.unchanged_count, upload.rejected_count) == (1, 1, 0, 1)


def test_an_update_changes_only_the_fields_that_differ(upload, kwp):
    institution = InstitutionFactory(rspo="54321", name="Stara nazwa", short_name="SP1", county=county("1206"),
                                     police_unit=police_unit("KPP Myślenice"))
    rspo_import_apply(rspo_import=upload, by=kwp)
    institution.refresh_from_db()
    assert institution.name == "Szkoła Podstawowa nr 1 w Wieliczce"
    assert institution.county == county("1219")
    assert institution.short_name == "SP1"
    # The serving unit is KWP's decision once the institution exists.
    assert institution.police_unit == police_unit("KPP Myślenice")
    assert institution.history.latest().history_change_reason == "RSPO import"


def test_applying_twice_is_refused(upload, kwp):
    rspo_import_apply(rspo_import=upload, by=kwp)
    with pytest.raises(InstitutionError, match="Ten import został już zastosowany."):
        rspo_import_apply(rspo_import=upload, by=kwp)
    assert Institution.objects.count() == 2


def test_importing_the_same_file_again_changes_nothing(upload, kwp):
    rspo_import_apply(rspo_import=upload, by=kwp)
    before, history = snapshot(), Institution.history.count()

    again = rspo_import_create(filename="rspo.csv", content=csv_text(ROWS), by=kwp)
    results = rspo.plan(rspo.parse(again.content))
    assert [r.action for r in results] == [rspo.Action.UNCHANGED, rspo.Action.UNCHANGED, rspo.Action.REJECT]
    rspo_import_apply(rspo_import=again, by=kwp)

    assert snapshot() == before
    assert Institution.history.count() == history
    again.refresh_from_db()
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 2)


def test_plan_apply_without_a_user_works_for_the_command():
    results = rspo_plan_apply(records=rspo.read(csv_bytes(ROWS)), by=None)
    assert rspo.counts(results) == {"create": 2, "update": 0, "unchanged": 0, "reject": 1}
    assert Institution.objects.count() == 2
    assert not RspoImport.objects.exists()
