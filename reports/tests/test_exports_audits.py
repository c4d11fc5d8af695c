"""The overview exported to XLSX, read back with openpyxl."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audits.models import Audit
from audits.tests.factories_audits import free_past_edition, planned_audit, signed_audit
from institutions.tests.factories import AuditorFactory, InstitutionFactory, county

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(client, kwp):
    edition = free_past_edition()
    lead = AuditorFactory(first_name="Adam", last_name="Zieliński")
    signed_audit(edition=edition, team=[lead, AuditorFactory(first_name="Ewa", last_name="Sowa")], points={"2.1": 6},
                 institution=InstitutionFactory(name="SP 3 w Bochni", town="Bochnia", county=county("1201")))
    planned_audit(edition=edition, institution=InstitutionFactory(name="LO 2 w Tarnowie", county=county("1263")))
    client.force_login(kwp)
    response = client.get(reverse("audits:audit-export", args=[edition.pk]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(BytesIO(response.content)).active


def test_the_header_row_is_in_polish(sheet):
    headers = [cell.value for cell in sheet[1]]
    assert headers[:7] == ["Placówka", "Miejscowość", "Powiat", "Program", "Rodzaj", "Data", "Status"]
    assert "Udział w maksimum (%)" in headers


def rows(sheet) -> dict[str, tuple]:
    return {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}


def test_a_signed_audit_row_carries_team_points_and_result(sheet):
    row = rows(sheet)["SP 3 w Bochni"]
    assert row[2] == "bocheński"
    assert (row[7], row[8]) == ("Adam Zieliński", "Adam Zieliński, Ewa Sowa")
    assert (row[9], row[10], row[11], row[12]) == (31, 35, 88.57, "pozytywny")


def test_dates_are_real_dates_shown_as_day_month_year(sheet):
    cell = sheet.cell(row=2, column=6)
    assert isinstance(cell.value, datetime.datetime) and cell.number_format == "DD.MM.YYYY"
    assert cell.value.date() == Audit.objects.get(enrolment__institution__name="SP 3 w Bochni").date


def test_a_planned_audit_has_no_result_yet(sheet):
    row = rows(sheet)["LO 2 w Tarnowie"]
    assert (row[6], row[9], row[12]) == ("Zaplanowany", None, None)
