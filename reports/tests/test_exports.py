"""Institutions, certificates and self-assessments as XLSX and CSV: Polish headers, typed cells,
the list's filters and the user's scope. Each file is ordered, built by the job's service (as the worker
does) and downloaded (see exporting.py)."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from certification.models import Certificate
from institutions.models import Institution
from institutions.tests.factories import InstitutionFactory, county

from .exporting import order_build_download
from .factories import STEPS, build

pytestmark = pytest.mark.django_db

N = 12


@pytest.fixture
def built(world):
    return build(N)


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def xlsx_rows(response) -> list[tuple]:
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(content(response))).active
    return list(sheet.iter_rows(values_only=True))


def xlsx_cells(response):
    return list(load_workbook(io.BytesIO(content(response))).active.iter_rows(min_row=2))


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(content(response).decode("utf-8-sig")), delimiter=";"))


def get(client, user, name, **params):
    return order_build_download(client, user, reverse(f"reports:{name}"), **params)


# --- Institutions ------------------------------------------------------------------------------


def test_institutions_xlsx_has_polish_headers_and_every_active_institution(client, kwp, built):
    rows = xlsx_rows(get(client, kwp, "export-institutions", format="xlsx"))
    assert rows[0][:7] == ("Nazwa", "Typ", "Program", "Numer RSPO", "Miejscowość", "Powiat", "Jednostka Policji")
    assert rows[0][-3:] == ("Aktualny certyfikat", "Rodzaj certyfikatu", "Ważny do")
    assert len(rows) - 1 == Institution.objects.filter(is_active=True).count()


def test_institutions_carry_their_current_certificate_as_a_date_cell(client, kwp, built):
    certified = next(i for n, i in enumerate(built.institutions) if STEPS[n % len(STEPS)] == "certified")
    certificate = Certificate.objects.get(institution=certified)
    row = next(r for r in xlsx_cells(get(client, kwp, "export-institutions", format="xlsx"))
               if r[0].value == certified.name)
    assert row[-3].value == certificate.number
    assert isinstance(row[-1].value, datetime.datetime) and row[-1].number_format == "DD.MM.YYYY"
    assert row[-1].value.date() == certificate.valid_until


def test_institutions_export_honours_the_list_filters(client, kwp, built):
    bochnia = county("1201")
    rows = csv_rows(get(client, kwp, "export-institutions", format="csv", county=bochnia.pk))
    expected = set(Institution.objects.filter(county=bochnia, is_active=True).values_list("name", flat=True))
    assert {row[0] for row in rows[1:]} == expected and expected
    # The list shows the same rows.
    client.force_login(kwp)
    listed = client.get(reverse("institutions:list"), {"county": bochnia.pk}).context["page"].paginator.count
    assert listed == len(rows) - 1


def test_a_coordinator_exports_only_their_institutions(client, world, built):
    rows = csv_rows(get(client, world.coordinator_a, "export-institutions", format="csv"))
    assert [row[0] for row in rows[1:]] == [world.institution_a.name]


def test_the_institution_list_offers_both_formats_with_its_filters(client, kwp, world):
    client.force_login(kwp)
    html = client.get(reverse("institutions:list"), {"q": "Bochni", "page": "1"}).content.decode()
    url = reverse("reports:export-institutions")
    assert f'action="{url}?q=Bochni&amp;format=xlsx"' in html and f'action="{url}?q=Bochni&amp;format=csv"' in html


def test_auditors_get_no_export_links(client, world):
    client.force_login(world.auditor)
    assert reverse("reports:export-institutions") not in client.get(reverse("institutions:list")).content.decode()


# --- Certificates ------------------------------------------------------------------------------


def test_certificates_csv_has_dates_and_statuses(client, kwp, built):
    rows = csv_rows(get(client, kwp, "export-certificates", format="csv", edition=built.edition.pk))
    assert rows[0][:4] == ["Numer", "Rodzaj", "Program", "Placówka"]
    certificates = Certificate.objects.filter(audit__enrolment__edition=built.edition)
    assert {row[0] for row in rows[1:]} == set(certificates.values_list("number", flat=True))
    by_number = {row[0]: row for row in rows[1:]}
    for certificate in certificates:
        row = by_number[certificate.number]
        assert row[7] == certificate.granted_on.isoformat() and row[9] == certificate.valid_until.isoformat()
        assert row[10] == ("ważny" if certificate.kind == "certificate" else "wygasł")  # Lider: the year after


def test_certificates_export_honours_the_expiring_filter(client, kwp, built):
    rows = xlsx_rows(get(client, kwp, "export-certificates", format="xlsx", status="expiring"))
    client.force_login(kwp)
    listed = client.get(reverse("certification:certificate-list"), {"status": "expiring"}).context["page"]
    assert {r[0] for r in rows[1:]} == {c.number for c in listed} and listed


def test_a_coordinator_exports_only_their_certificates(client, world, built):
    from certification.tests import factories as cert

    own = cert.certificate(institution=world.institution_a, year=2013)
    cert.certificate(institution=world.institution_b, year=2013)
    rows = csv_rows(get(client, world.coordinator_a, "export-certificates", format="csv"))
    assert [row[0] for row in rows[1:]] == [own.number]


def test_xlsx_keeps_the_header_row_in_view(client, kwp, built):
    response = get(client, kwp, "export-certificates", format="xlsx")
    sheet = load_workbook(io.BytesIO(content(response))).active
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b


# --- Self-assessments --------------------------------------------------------------------------


def test_self_assessments_export_holds_the_review_list_rows(client, kwp, built):
    rows = xlsx_rows(get(client, kwp, "export-self-assessments", format="xlsx", edition=built.edition.pk))
    assert rows[0][:6] == ("Placówka", "Miejscowość", "Powiat", "Program", "Wnioskowany etap", "Status")
    client.force_login(kwp)
    listed = client.get(reverse("audits:self-assessment-review-list"), {"edition": built.edition.pk})
    assert len(rows) - 1 == listed.context["page"].paginator.count
    accepted = [r for r in rows[1:] if r[5] == "Przyjęta"]
    assert accepted and all(isinstance(r[8], int) and r[8] == r[9] == 4 for r in accepted)


def test_self_assessments_export_honours_the_status_filter(client, kwp, built):
    rows = csv_rows(get(client, kwp, "export-self-assessments", format="csv", edition=built.edition.pk,
                        status="submitted"))
    assert len(rows) - 1 == STEPS[:N].count("submitted") + STEPS[:N - len(STEPS)].count("submitted")
    assert {row[5] for row in rows[1:]} == {"Złożona"}


def test_the_default_format_is_xlsx(client, kwp, world):
    InstitutionFactory()
    response = get(client, kwp, "export-institutions")
    assert response["Content-Disposition"] == 'attachment; filename="placowki.xlsx"'


# --- Text that a spreadsheet would run as a formula -----------------------------------------------

FORMULA = '=HYPERLINK("http://example.com","Kliknij")'


def test_names_that_look_like_formulas_stay_text_in_csv(client, kwp, world):
    InstitutionFactory(name=FORMULA, town="+48 Bochnia")
    rows = csv_rows(get(client, kwp, "export-institutions", format="csv", q="HYPERLINK"))
    assert rows[1][0] == "'" + FORMULA and rows[1][4] == "'+48 Bochnia"


def test_names_that_look_like_formulas_stay_text_in_xlsx(client, kwp, world):
    InstitutionFactory(name=FORMULA + "\x0b", town="@Bochnia")  # a control character a form lets through
    (row,) = xlsx_cells(get(client, kwp, "export-institutions", format="xlsx", q="HYPERLINK"))
    assert (row[0].value, row[0].data_type) == (FORMULA, "s")
    assert (row[4].value, row[4].data_type) == ("@Bochnia", "s")
