"""Audit protocols leave signed (docs/signing.md), and an uploaded protocol is recognised without details."""

import hashlib
import io
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from audits.services.audits import audit_sign
from audits.services.protocols import protocol_render
from audits.tests.factories_audits import planned_audit, score_all
from core.lib.signing import run_sync, trusted_certificates
from institutions.tests.factories import AuditorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def protocol_pdf(world, signing):
    audit = planned_audit(institution=world.institution_a, team=[world.auditor, AuditorFactory()])
    score_all(audit, {"1.1": 2})
    audit = audit_sign(audit=audit, by=world.auditor, summary="Dobra współpraca.")
    protocol = audit.protocols.get()
    assert protocol_render(protocol_id=protocol.pk)
    protocol.refresh_from_db()
    with protocol.pdf.open("rb") as file:
        return protocol, file.read()


def test_a_rendered_protocol_is_signed_and_verifies(protocol_pdf, tmp_path):
    protocol, data = protocol_pdf
    [signature] = PdfFileReader(io.BytesIO(data)).embedded_signatures
    context = ValidationContext(trust_roots=trusted_certificates(), allow_fetching=False)
    status = run_sync(lambda: validate_pdf_signature(signature, context))
    assert status.intact and status.valid and status.trusted
    path = tmp_path / "protocol.pdf"
    path.write_bytes(data)
    report = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Signature Validation: Signature is Valid." in report
    assert protocol.pdf_sha256 == hashlib.sha256(data).hexdigest()


def test_an_uploaded_protocol_is_named_as_such_with_no_details(client, protocol_pdf, world):
    protocol, data = protocol_pdf
    page = client.post(reverse("certification:verify-file"),
                       {"file": SimpleUploadedFile("protokol.pdf", data, content_type="application/pdf")})
    text = page.content.decode()
    assert "Plik jest protokołem z audytu podpisanym przez KWP" in text
    assert "protokół z audytu wydany przez KWP" in text
    assert protocol.number not in text and world.institution_a.name not in text
