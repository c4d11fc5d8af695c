import re

import pytest

from certification.pdf import CertificateRenderer
from institutions.tests.factories import InstitutionFactory, UniversityFactory

from . import factories
from .helpers import pdf_info, pdf_qr_codes, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(reference_data, school):
    school = InstitutionFactory(name="Szkoła Podstawowa nr 7 im. Ignacego Łukasiewicza", town="Żabno")
    return factories.certificate(institution=school)


def test_the_pdf_is_one_a4_landscape_page(certificate, tmp_path):
    filename, mimetype, data = CertificateRenderer().render(certificate)
    assert (filename, mimetype) == (f"certyfikat-{certificate.number.replace('/', '-')}.pdf", "application/pdf")
    info = pdf_info(data, tmp_path)
    assert re.search(r"Pages:\s+1\n", info) and re.search(r"Page size:\s+841\.89 x 595\.2\d+ pts \(A4\)", info)


def test_the_pdf_names_the_institution_with_polish_letters(certificate, tmp_path):
    text = pdf_text(CertificateRenderer().render(certificate)[2], tmp_path)
    assert "Szkoła Podstawowa nr 7 im. Ignacego Łukasiewicza" in text
    assert "Żabno" in text


def test_the_pdf_carries_the_number_and_the_programme_title(certificate, tmp_path):
    text = pdf_text(CertificateRenderer().render(certificate)[2], tmp_path)
    assert certificate.number in text
    assert "„Szkoła Promująca Bezpieczeństwo”" in text


def test_the_pdf_names_the_grantor_and_the_dates(certificate, tmp_path):
    text = pdf_text(CertificateRenderer().render(certificate)[2], tmp_path)
    assert "Małopolski Komendant Wojewódzki Policji" in text
    assert f"{certificate.valid_until:%d.%m.%Y}" in text


def test_the_qr_code_leads_to_the_verification_page(certificate, tmp_path, settings):
    settings.SITE_URL = "https://zpb.example.pl"
    codes = pdf_qr_codes(CertificateRenderer().render(certificate)[2], tmp_path)
    assert codes == [f"https://zpb.example.pl/certificates/verify/{certificate.verification_code}/"]


def test_the_short_code_is_printed_for_typing_in(certificate, tmp_path):
    text = pdf_text(CertificateRenderer().render(certificate)[2], tmp_path)
    assert certificate.code_display in text


def test_a_university_gets_its_own_programme_title(reference_data, tmp_path):
    certificate = factories.certificate(institution=UniversityFactory(name="Politechnika Krakowska"))
    assert "„Uczelnia Wyższa Promująca Bezpieczeństwo”" in pdf_text(
        CertificateRenderer().render(certificate)[2], tmp_path
    )


def test_the_lider_title_names_the_school_year(world, tmp_path, school):
    from audits.models import Stage
    from certification.services import certificate_issue

    factories.stage_two(school)
    audit = factories.signed_audit(institution=school, kind=Stage.LIDER, lider=True)
    lider = certificate_issue(decision=factories.decision(audit=audit, outcome="lider"), by=None, dispatch=False)
    text = pdf_text(CertificateRenderer().render(lider)[2], tmp_path)
    assert "Lider Projektu „Szkoła Promująca Bezpieczeństwo”" in text and "2026/2027" in text


def test_a_rerender_prints_what_was_frozen_at_issue(certificate, tmp_path):
    before = pdf_text(CertificateRenderer().render(certificate)[2], tmp_path)
    certificate.institution.name = "Szkoła Podstawowa nr 7 (nowa nazwa)"
    certificate.institution.save()
    certificate.refresh_from_db()
    assert pdf_text(CertificateRenderer().render(certificate)[2], tmp_path) == before
