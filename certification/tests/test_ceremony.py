"""The gala's files: every certificate of the edition in one PDF, and the recipients as XLSX."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from certification.ceremony import ceremony_file_render, ceremony_file_request
from certification.models import CeremonyFile, FileStatus
from certification.services import CertificationError, certificate_revoke
from institutions.tests.factories import InstitutionFactory, county

from . import factories
from .helpers import pdf_info, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificates(world, reference_data):
    made = [
        factories.certificate(institution=InstitutionFactory(name=name, town=town, county=county(teryt)))
        for name, town, teryt in [
            ("Zespół Szkół w Zakopanem", "Zakopane", "1217"),
            ("Technikum w Bochni", "Bochnia", "1201"),
            ("Liceum w Bochni", "Bochnia", "1201"),
            ("Szkoła Podstawowa w Olkuszu", "Olkusz", "1212"),
        ]
    ]
    certificate_revoke(certificate=made[3], by=world.kwp, reason="Test")  # revoked: not handed over
    return made


def rendered(kind, by):
    row = ceremony_file_request(edition=factories.edition(), kind=kind, by=by)
    assert ceremony_file_render(file_id=row.pk)
    row.refresh_from_db()
    assert row.status == FileStatus.READY
    with row.file.open("rb") as handle:
        return row, handle.read()


def test_the_print_file_has_every_certificate_in_force_by_county_and_name(certificates, world, tmp_path):
    row, content = rendered(CeremonyFile.Kind.PRINT, world.kwp)
    assert "Pages:           3" in pdf_info(content, tmp_path) and row.count == 3
    text = pdf_text(content, tmp_path)
    assert text.index("Liceum w Bochni") < text.index("Technikum w Bochni") < text.index("Zespół Szkół w Zakopanem")
    assert "Olkuszu" not in text


def test_the_recipients_list_is_a_spreadsheet_in_the_same_order(certificates, world):
    _row, content = rendered(CeremonyFile.Kind.RECIPIENTS, world.kwp)
    sheet = load_workbook(BytesIO(content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[2]) for r in rows] == [
        ("bocheński", "Liceum w Bochni"), ("bocheński", "Technikum w Bochni"),
        ("tatrzański", "Zespół Szkół w Zakopanem"),
    ]
    assert rows[0][5] == certificates[2].number


def test_nothing_to_prepare_without_certificates(world):
    with pytest.raises(CertificationError):
        ceremony_file_request(edition=factories.edition(), kind=CeremonyFile.Kind.PRINT, by=world.kwp)


def test_the_ceremony_page_starts_a_file_and_lists_it_pending(client, certificates, world):
    client.force_login(world.kwp)
    edition = factories.edition()
    response = client.post(reverse("certification:ceremony-file-create", args=[edition.pk]), {"kind": "print"})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "plik do druku wszystkich certyfikatów (PDF)" in page and "w przygotowaniu" in page


def test_an_unknown_kind_of_file_is_refused_with_a_message(client, certificates, world):
    client.force_login(world.kwp)
    response = client.post(reverse("certification:ceremony-file-create", args=[factories.edition().pk]),
                           {"kind": "poster"}, follow=True)
    assert "Wybierz, co przygotować." in response.content.decode() and not CeremonyFile.objects.exists()
