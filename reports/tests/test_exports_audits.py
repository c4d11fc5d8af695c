"""The audit overview exported (formerly audits' own XLSX export), with one column per criterion."""

import csv
import datetime
import io
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audits.models import Audit
from audits.tests.factories_audits import free_past_edition, planned_audit, signed_audit
from institutions.tests.factories import AuditorFactory, InstitutionFactory, UniversityFactory, county

from .exporting import order_build_download

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(world):
    edition = free_past_edition()
    lead = AuditorFactory(first_name="Adam", last_name="Zieliński")
    signed_audit(edition=edition, team=[lead, AuditorFactory(first_name="Ewa", last_name="Sowa")], points={"2.1": 6},
                 institution=InstitutionFactory(name="SP 3 w Bochni", town="Bochnia", county=county("1201")))
    planned_audit(edition=edition, institution=InstitutionFactory(name="LO 2 w Tarnowie", county=county("1263")))
    signed_audit(edition=edition, institution=UniversityFactory(name="Uczelnia w Krakowie"))
    return edition


def export(client, kwp, edition, **params):
    return order_build_download(client, kwp, reverse("reports:export-audits", args=[edition.pk]), **params)


@pytest.fixture
def sheet(client, kwp, edition):
    response = export(client, kwp, edition, format="xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="audyty-' in response["Content-Disposition"]
    return load_workbook(BytesIO(b"".join(response.streaming_content))).active


def test_the_header_row_is_in_polish(sheet):
    headers = [cell.value for cell in sheet[1]]
    assert headers[:8] == ["Placówka", "Miejscowość", "Powiat", "Program", "Rodzaj", "Data", "Status",
                           "Kierownik zespołu"]
    assert "Udział w maksimum (%)" in headers
    # One column per criterion of the SPB rulebook, with its maximum.
    assert headers[-4:] == ["1.1 (10)", "1.2 (5)", "2.1 (10)", "2.2 (10)"]


def rows(sheet) -> dict[str, tuple]:
    return {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}


def test_a_signed_audit_row_carries_team_points_result_and_criterion_scores(sheet):
    row = rows(sheet)["SP 3 w Bochni"]
    assert row[2] == "bocheński"
    assert (row[7], row[8]) == ("Adam Zieliński", "Adam Zieliński, Ewa Sowa")
    assert (row[9], row[10], row[11], row[12]) == (31, 35, 88.57, "pozytywny")
    assert row[-4:] == (10, 5, 6, 10)


def test_dates_are_real_dates_shown_as_day_month_year(sheet):
    cell = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "SP 3 w Bochni")[5]
    assert isinstance(cell.value, datetime.datetime) and cell.number_format == "DD.MM.YYYY"
    assert cell.value.date() == Audit.objects.get(enrolment__institution__name="SP 3 w Bochni").date


def test_a_planned_audit_has_no_result_yet(sheet):
    row = rows(sheet)["LO 2 w Tarnowie"]
    assert (row[6], row[9], row[12]) == ("Zaplanowany", None, None)


def test_one_programme_per_file_schools_by_default(sheet):
    assert "Uczelnia w Krakowie" not in rows(sheet)


def test_the_university_file_has_the_university_rulebook(client, kwp, edition):
    response = export(client, kwp, edition, format="csv", programme="UWPB")
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert [line[0] for line in lines[1:]] == ["Uczelnia w Krakowie"]
    assert lines[1][3] == "UWPB"


def test_filters_of_the_overview_are_honoured(client, kwp, edition):
    response = export(client, kwp, edition, format="csv", status="planned", county=county("1263").pk)
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert [line[0] for line in lines[1:]] == ["LO 2 w Tarnowie"]


def test_the_overview_offers_both_programmes_in_both_formats(client, kwp, edition):
    client.force_login(kwp)
    html = client.get(reverse("audits:audit-overview", args=[edition.pk]), {"status": "signed"}).content.decode()
    url = reverse("reports:export-audits", args=[edition.pk])
    for fmt in ("xlsx", "csv"):
        for programme in ("SPB", "UWPB"):
            assert f"{url}?status=signed&amp;programme={programme}&amp;format={fmt}" in html
