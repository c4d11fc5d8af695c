"""Signed certificates (PAdES) and the public check of an uploaded PDF: real keys, real pyHanko, real pdfsig."""

import hashlib
import io
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from certification.models import Certificate, CertificateEvent
from certification.pdf import CertificateRenderer
from certification.services import certificate_render, certificate_rerender, certificate_revoke
from certification.signature_check import pdf_check
from core.lib.signing import run_sync, trusted_certificates
from core.lib.signing_keys import write_signing_key
from institutions.tests.factories import InstitutionFactory, KwpStaffFactory

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def foreign_keys(tmp_path_factory):
    return write_signing_key(tmp_path_factory.mktemp("foreign"), ca_name="Someone's CA",
                             signer_name="Jan Kowalski", organisation="Someone")


@pytest.fixture(scope="module")
def old_keys(tmp_path_factory):
    return write_signing_key(tmp_path_factory.mktemp("old"), ca_name="TEST CA ZPB 2025",
                             signer_name="TEST — KWP Kraków ZPB (2025)", organisation="TEST")


def use_key(settings, keys) -> None:
    settings.PDF_SIGNING_P12 = str(keys.p12)
    settings.PDF_SIGNING_P12_PASSWORD_FILE = str(keys.password_file)


@pytest.fixture
def certificate(reference_data):
    return factories.certificate(institution=InstitutionFactory(name="Szkoła Podstawowa nr 2 w Wieliczce",
                                                                town="Wieliczka"))


def rendered(certificate: Certificate) -> bytes:
    """Render through the service (as the Celery task does) and read the stored file."""
    assert certificate_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    with certificate.pdf.open("rb") as file:
        return file.read()


def pyhanko_status(data: bytes):
    [signature] = PdfFileReader(io.BytesIO(data)).embedded_signatures
    context = ValidationContext(trust_roots=trusted_certificates(), allow_fetching=False)
    return run_sync(lambda: validate_pdf_signature(signature, context))  # Playwright's loop may run in this thread


def pdfsig(data: bytes, tmp_path) -> str:
    path = tmp_path / "signed.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout


def flip_a_byte_in_the_first_stream(data: bytes) -> bytes:
    at = data.index(b"stream\n") + 40  # inside the first content stream, well within the signed range
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:]


def with_a_line_drawn_after_signing(data: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    stream = writer.add_object(generic.StreamObject(stream_data=b"0 0 m 500 500 l S"))
    writer.add_stream_to_page(0, stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(client, data: bytes, name: str = "certyfikat.pdf"):
    return client.post(reverse("certification:verify-file"),
                       {"file": SimpleUploadedFile(name, data, content_type="application/pdf")})


# --- Signing ---------------------------------------------------------------------------------------------


def test_a_rendered_certificate_is_signed_and_verifies_with_pyhanko(signing, certificate):
    status = pyhanko_status(rendered(certificate))
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert status.coverage.name == "ENTIRE_FILE" and status.modification_level.name == "NONE"
    assert status.signing_cert.subject.native["common_name"] == "TEST — KWP Kraków ZPB"


def test_pdfsig_says_the_signature_is_valid(signing, certificate, tmp_path):
    report = pdfsig(rendered(certificate), tmp_path)
    assert "Signature Validation: Signature is Valid." in report
    assert "Signer Certificate Common Name: TEST — KWP Kraków ZPB" in report
    assert "Total document signed" in report


def test_the_stored_files_sha256_is_kept_on_the_certificate_and_its_render_event(signing, certificate):
    data = rendered(certificate)
    digest = hashlib.sha256(data).hexdigest()
    assert certificate.pdf_sha256 == digest
    assert CertificateEvent.objects.get(certificate=certificate, action="rendered").pdf_sha256 == digest


def test_without_a_key_the_pdf_is_rendered_unsigned(settings, certificate):
    settings.PDF_SIGNING_P12 = ""
    data = rendered(certificate)
    assert PdfFileReader(io.BytesIO(data)).embedded_signatures == []
    assert certificate.pdf_sha256 == hashlib.sha256(data).hexdigest()


def test_a_key_that_cannot_be_loaded_fails_the_render_instead_of_signing_nothing(signing, settings, certificate):
    settings.PDF_SIGNING_P12_PASSWORD_FILE = ""
    settings.PDF_SIGNING_P12_PASSWORD = "wrong"
    with pytest.raises(Exception, match="cannot be loaded"):
        certificate_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    assert certificate.pdf_status == Certificate.PdfStatus.FAILED and not certificate.pdf_sha256


def test_one_byte_changed_inside_the_signed_range_fails(signing, certificate):
    status = pyhanko_status(flip_a_byte_in_the_first_stream(rendered(certificate)))
    assert not status.intact and not status.bottom_line


# --- The check of an uploaded file (service) -------------------------------------------------------------


def test_a_signed_certificate_is_genuine_and_matched(signing, certificate):
    check = pdf_check(rendered(certificate))
    assert (check.signed, check.valid, check.by_kwp, check.changed, check.genuine) == (True, True, True, False, True)
    assert check.certificate == certificate and check.signer == "TEST — KWP Kraków ZPB"


def test_a_changed_byte_is_reported_as_changed_and_matches_nothing(signing, certificate):
    check = pdf_check(flip_a_byte_in_the_first_stream(rendered(certificate)))
    assert check.signed and check.changed and not check.valid and not check.genuine
    assert check.certificate is None


def test_a_change_appended_after_signing_is_reported(signing, certificate):
    check = pdf_check(with_a_line_drawn_after_signing(rendered(certificate)))
    # The signature itself still matches the bytes it covers; the document was changed after it.
    assert check.signed and check.valid and check.changed and not check.genuine


def test_an_unsigned_pdf_is_reported_as_unsigned(settings, certificate):
    settings.PDF_SIGNING_P12 = ""
    data = CertificateRenderer().render(certificate)[2]
    check = pdf_check(data)
    assert (check.signed, check.genuine, check.certificate) == (False, False, None)


def test_a_pdf_signed_by_a_foreign_key_is_not_kwps(signing, settings, certificate, foreign_keys):
    use_key(settings, foreign_keys)
    data = CertificateRenderer().render(certificate)[2]
    use_key(settings, signing)
    check = pdf_check(data)
    assert check.signed and check.valid and not check.by_kwp and not check.genuine
    assert check.signer == "Jan Kowalski"


def test_after_a_key_rotation_the_old_keys_pdfs_still_verify_as_kwps(signing, settings, old_keys, certificate):
    use_key(settings, old_keys)
    data = rendered(certificate)
    use_key(settings, signing)
    assert not pdf_check(data).by_kwp  # the old certificate is not trusted yet
    settings.PDF_SIGNING_TRUSTED_CERTS = [str(old_keys.certificate)]
    check = pdf_check(data)
    assert check.genuine and check.certificate == certificate


def test_a_copy_from_before_a_rerender_still_matches_its_certificate(signing, certificate):
    first = rendered(certificate)
    certificate_rerender(certificate=certificate, by=KwpStaffFactory())
    second = rendered(certificate)
    assert first != second  # a new signature (signing time) makes a new file
    assert pdf_check(first).certificate == certificate


def test_an_unreadable_pdf_gets_a_polish_message(db):
    from certification.signature_check import PdfCheckError

    with pytest.raises(PdfCheckError) as error:
        pdf_check(b"%PDF-1.7\n" + b"\x00garbage" * 100)
    assert "nie" in str(error.value).lower()


# --- The page ------------------------------------------------------------------------------------------


def test_the_page_shows_a_genuine_certificate_with_its_number_and_status(client, signing, certificate):
    page = upload(client, rendered(certificate)).content.decode()
    assert "Plik jest certyfikatem podpisanym przez KWP" in page
    assert f"certyfikat nr {certificate.number}" in page
    assert "ważny" in page
    assert reverse("certification:verify-code", args=[certificate.verification_code]) in page


def test_a_revoked_certificates_file_is_matched_and_shown_as_revoked(client, signing, certificate):
    data = rendered(certificate)
    certificate_revoke(certificate=certificate, by=KwpStaffFactory(), reason="Błąd w danych.")
    page = upload(client, data).content.decode()
    assert f"certyfikat nr {certificate.number}" in page and "unieważniony" in page


def test_the_page_says_when_the_file_was_changed(client, signing, certificate):
    page = upload(client, flip_a_byte_in_the_first_stream(rendered(certificate))).content.decode()
    assert "Dokument został zmieniony po podpisaniu" in page
    assert "Żaden certyfikat w naszym rejestrze nie odpowiada temu plikowi." in page


def test_the_page_says_an_unsigned_file_has_no_signature(client, certificate):
    page = upload(client, CertificateRenderer().render(certificate)[2]).content.decode()
    assert "Plik nie ma podpisu elektronicznego" in page


def test_a_file_that_is_not_a_pdf_gets_a_polish_message(client, db):
    response = upload(client, b"\x89PNG\r\n\x1a\n" + b"0" * 100, name="zdjecie.pdf")
    assert response.status_code == 200
    assert "Ten plik nie jest dokumentem PDF." in response.content.decode()


def test_an_oversized_file_gets_a_polish_message(client, db, settings):
    settings.PDF_UPLOAD_CHECK_MAX_BYTES = 1024 * 1024
    response = upload(client, b"%PDF-1.7\n" + b"0" * (1024 * 1024))
    assert "Plik jest za duży" in response.content.decode()


def test_too_many_checks_from_one_address_get_429(client, db, settings):
    settings.PDF_UPLOAD_CHECKS_PER_MINUTE = 2
    responses = [upload(client, b"not a pdf") for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 429]
    assert "sprawdzono w krótkim czasie zbyt wiele plików" in responses[-1].content.decode()


def test_a_get_of_the_upload_address_leads_to_the_page(client, db):
    response = client.get(reverse("certification:verify-file"))
    assert response.status_code == 302 and response["Location"] == reverse("certification:verify")


# --- In both modes: inline (the embedded mode) and on a real worker -----------------------------------------


def test_the_task_run_inline_signs_as_the_embedded_mode_does(signing, certificate):
    from certification.tasks import certificate_render_task

    assert certificate_render_task.apply(args=[certificate.pk]).get() is True
    certificate.refresh_from_db()
    with certificate.pdf.open("rb") as file:
        assert pdf_check(file.read()).genuine


@pytest.mark.celery
def test_a_real_worker_signs_the_pdf(signing, celery_worker, reference_data):
    from certification.tests.test_tasks import issue_and_commit, pdf_ready
    from zpb.tests.helpers import wait_for

    certificate = issue_and_commit(factories.decision())
    assert wait_for(lambda: pdf_ready(certificate))
    with certificate.pdf.open("rb") as file:
        check = pdf_check(file.read())
    assert check.genuine and check.certificate == certificate
