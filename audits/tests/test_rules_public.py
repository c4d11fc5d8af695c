"""The rulebooks in force, readable without an account: the page and the PDF made from the data."""

import re
import subprocess

import pytest
from django.core.cache import cache
from django.urls import reverse

from audits.models import Criterion
from audits.rules_pdf import rulebook_pdf
from audits.tests.factories_editions import open_edition


def pdf_text(pdf: bytes) -> str:
    run = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return run.stdout.decode()


@pytest.fixture
def edition(db, today):
    cache.clear()
    return open_edition(today)


def test_anyone_reads_the_rules_in_force(client, edition):
    text = client.get(reverse("audits:rules-public")).text
    rulebook = edition.spb_rulebook
    assert rulebook.name in text and edition.uwpb_rulebook.name in text
    assert "Diagnoza zagrożeń" in text
    assert "do zaliczenia potrzeba 28 z 35 pkt (80%)" in text
    assert "Wytyczne dla audytorów" not in text


def test_the_pdf_is_made_from_the_data(client, edition):
    response = client.get(reverse("audits:rules-public-pdf", args=["spb"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    rulebook = edition.spb_rulebook
    assert rulebook.name in text
    assert "Diagnoza zagrożeń" in text and "Zintegrowany plan działania" in text
    assert "do zaliczenia potrzeba 28 z 35 pkt (80%)" in text
    assert re.search(r"Ważność certyfikatu\s+2 lata", text)
    assert re.search(r"1\.1\s+Diagnoza zagrożeń\s+10 wymagane", text)


def test_the_pdf_follows_an_edit_of_an_unused_rulebook(edition):
    rulebook = edition.spb_rulebook
    first = pdf_text(rulebook_pdf(rulebook)[1])
    Criterion.objects.filter(area__rulebook=rulebook, code="1.1").update(title="Diagnoza zagrożeń w szkole")
    second = pdf_text(rulebook_pdf(rulebook)[1])
    assert "w szkole" not in first and "Diagnoza zagrożeń w szkole" in second


def test_the_pdf_is_rendered_once_while_the_rulebook_is_unchanged(edition, monkeypatch):
    rulebook = edition.spb_rulebook
    rulebook_pdf(rulebook)
    import audits.rules_pdf

    def refuse(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr(audits.rules_pdf.HTML, "write_pdf", refuse)
    assert rulebook_pdf(rulebook)[1].startswith(b"%PDF")


def test_an_unknown_programme_is_404(client, edition):
    assert client.get(reverse("audits:rules-public-pdf", args=["xyz"])).status_code == 404
