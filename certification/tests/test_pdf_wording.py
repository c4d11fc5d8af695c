"""The certificate's Polish text, read with pdftotext from real WeasyPrint output."""

import re

import pytest

from audits.models import Stage
from certification.models import Decision
from certification.pdf import CertificateRenderer, town_in_name
from certification.services import certificate_issue
from institutions.tests.factories import InstitutionFactory

from . import factories
from .helpers import pdf_text

pytestmark = pytest.mark.django_db


def lines(text: str) -> list[str]:
    return [re.sub(r"\s+", " ", line).strip() for line in text.splitlines() if line.strip()]


@pytest.fixture
def bochnia(world):
    return InstitutionFactory(name="Szkoła Podstawowa nr 1 w Bochni", town="Bochnia")


def test_the_extension_keeps_the_name_in_the_nominative_after_a_label(bochnia, tmp_path):
    factories.certificate(institution=bochnia, year=2024)
    audit = factories.signed_audit(institution=bochnia, kind=Stage.EXTENSION)
    extension = certificate_issue(decision=factories.decision(audit=audit, outcome="extension"), by=None,
                                  dispatch=False)

    text = lines(pdf_text(CertificateRenderer().render(extension)[2], tmp_path))

    assert not any("przedłużony dla" in line for line in text)
    assert "Przedłużenie certyfikatu otrzymuje:" in text
    assert text[text.index("Przedłużenie certyfikatu otrzymuje:") + 1] == "Szkoła Podstawowa nr 1 w Bochni"


@pytest.mark.parametrize(("kind", "label"), [(Stage.CERTIFICATE, "Certyfikat otrzymuje:")])
def test_the_certificate_names_the_holder_after_a_label(bochnia, tmp_path, kind, label):
    certificate = factories.certificate(institution=bochnia)
    text = lines(pdf_text(CertificateRenderer().render(certificate)[2], tmp_path))
    assert text[text.index(label) + 1] == "Szkoła Podstawowa nr 1 w Bochni"


def test_a_town_already_in_the_name_is_not_repeated(bochnia, tmp_path):
    text = lines(pdf_text(CertificateRenderer().render(factories.certificate(institution=bochnia))[2], tmp_path))
    assert "Bochnia" not in text


def test_a_town_not_in_the_name_is_printed(world, tmp_path):
    school = InstitutionFactory(name="Szkoła Podstawowa nr 7 im. Ignacego Łukasiewicza", town="Żabno")
    text = lines(pdf_text(CertificateRenderer().render(factories.certificate(institution=school))[2], tmp_path))
    assert "Żabno" in text


@pytest.mark.parametrize(("name", "town", "repeated"), [
    ("Szkoła Podstawowa nr 1 w Bochni", "Bochnia", True),
    ("Zespół Szkół nr 2 w Krakowie", "Kraków", True),
    ("I Liceum Ogólnokształcące w Nowym Sączu", "Nowy Sącz", True),
    ("Szkoła Podstawowa w Wieliczce", "Wieliczka", True),
    ("Technikum we Wrocławiu", "Wrocław", True),
    ("Szkoła Podstawowa nr 7 im. Ignacego Łukasiewicza", "Żabno", False),
    ("Szkoła Podstawowa w Nowym Targu", "Nowy Sącz", False),
    ("Szkoła Podstawowa im. Bochniaków", "Bochnia", False),
])
def test_town_in_name(name, town, repeated):
    assert town_in_name(name, town) is repeated


def test_a_reference_typed_with_the_word_decision_is_printed_once(bochnia, tmp_path):
    certificate = factories.certificate(institution=bochnia)
    Decision.objects.filter(pk=certificate.decision_id).update(reference="Decyzja nr 15/2026")
    certificate.refresh_from_db()

    text = pdf_text(CertificateRenderer().render(certificate)[2], tmp_path)

    assert "Decyzja Decyzja" not in text and "Decyzja nr 15/2026" in text
