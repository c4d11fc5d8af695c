"""core.lib.signing: PAdES signing with the key from settings (B-B, and B-T against a local timestamp authority)."""

import asyncio
import concurrent.futures
import datetime
import http.server
import io
import threading

import pytest
from asn1crypto import tsp
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.keys.internal import translate_pyca_cryptography_cert_to_asn1, translate_pyca_cryptography_key_to_asn1
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.timestamps import DummyTimeStamper
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from core.lib import signing as signing_lib
from core.lib.pdf import HTML
from core.lib.signing_keys import make_ca

UNSIGNED = HTML(string="<p>Zaświadczenie</p>").write_pdf()


def signatures(data: bytes) -> list:
    return list(PdfFileReader(io.BytesIO(data)).embedded_signatures)


def test_without_a_key_the_bytes_come_back_unchanged(settings):
    settings.PDF_SIGNING_P12 = ""
    assert signing_lib.sign_pdf(UNSIGNED) is UNSIGNED


def test_with_a_key_the_pdf_gets_one_pades_signature(signing):
    [signature] = signatures(signing_lib.sign_pdf(UNSIGNED))
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert signature.field_name == signing_lib.FIELD_NAME


def test_the_signer_is_loaded_once_per_process(signing):
    assert signing_lib.signer() is signing_lib.signer()


def test_it_signs_inside_a_running_event_loop(signing):
    async def sign_in_a_loop() -> bytes:
        return signing_lib.sign_pdf(UNSIGNED)

    # A thread of its own: the test runner's thread may already run Playwright's loop (browser tests).
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        assert len(signatures(pool.submit(asyncio.run, sign_in_a_loop()).result())) == 1


@pytest.fixture
def timestamp_authority():
    """A local RFC 3161 timestamp authority (pyHanko's DummyTimeStamper behind HTTP) on a free port."""
    ca = make_ca("TEST TSA CA")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "TEST TSA")]))
        .issuer_name(ca.certificate.subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(ca.key, hashes.SHA256())
    )
    stamper = DummyTimeStamper(tsa_cert=translate_pyca_cryptography_cert_to_asn1(certificate),
                               tsa_key=translate_pyca_cryptography_key_to_asn1(key))

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            body = stamper.request_tsa_response(request).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", translate_pyca_cryptography_cert_to_asn1(ca.certificate)
    server.shutdown()


def test_with_a_timestamp_authority_the_signature_is_b_t(signing, settings, timestamp_authority):
    url, tsa_root = timestamp_authority
    settings.PDF_SIGNING_TSA_URL = url
    [signature] = signatures(signing_lib.sign_pdf(UNSIGNED))
    status = signing_lib.run_sync(lambda: validate_pdf_signature(
        signature, ValidationContext(trust_roots=signing_lib.trusted_certificates(), allow_fetching=False),
        ts_validation_context=ValidationContext(trust_roots=[tsa_root], allow_fetching=False),
    ))
    assert status.intact and status.valid and status.trusted
    assert status.timestamp_validity is not None and status.timestamp_validity.trusted
    assert abs(status.timestamp_validity.timestamp - datetime.datetime.now(datetime.UTC)) < datetime.timedelta(
        minutes=1)


def test_an_unreachable_timestamp_authority_is_an_os_error_the_render_task_retries(signing, settings):
    settings.PDF_SIGNING_TSA_URL = "http://127.0.0.1:1/"  # nothing listens there
    with pytest.raises(OSError):
        signing_lib.sign_pdf(UNSIGNED)
