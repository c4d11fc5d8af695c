"""PAdES signatures on the PDFs the app issues (pyHanko), and the set of certificates whose signatures count
as the issuer's own (docs/signing.md).

The key and its certificate come from a PKCS#12 file named by settings.PDF_SIGNING_P12 (password in
PDF_SIGNING_P12_PASSWORD, or a file named by PDF_SIGNING_P12_PASSWORD_FILE). With no file configured PDFs
stay unsigned (the deploy check warns); a file that is configured but cannot be read is an error, never a
silent fallback to unsigned PDFs. The loaded signer is kept per process (keyed by the settings and the
file's modification time), so a render pays only for the signature itself.

PAdES B-B; B-T (a signature timestamp) when settings.PDF_SIGNING_TSA_URL names a timestamp authority.
The signature certifies the document with no changes allowed (DocMDP level 1): any later edit, even an
annotation, shows as a change in every validator.
"""

import asyncio
import concurrent.futures
import functools
import io
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pyhanko.keys import load_certs_from_pemder_data
from pyhanko.keys.internal import translate_pyca_cryptography_cert_to_asn1, translate_pyca_cryptography_key_to_asn1
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.general import get_pyca_cryptography_hash
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

T = TypeVar("T")

FIELD_NAME = "KWP"
_lock = threading.Lock()


class SigningKeyError(ImproperlyConfigured):
    pass


def signing_configured() -> bool:
    return bool(settings.PDF_SIGNING_P12)


def _password() -> bytes | None:
    password = settings.PDF_SIGNING_P12_PASSWORD
    if not password and settings.PDF_SIGNING_P12_PASSWORD_FILE:
        try:
            password = Path(settings.PDF_SIGNING_P12_PASSWORD_FILE).read_text().strip()
        except OSError as exc:
            raise SigningKeyError(f"PDF_SIGNING_P12_PASSWORD_FILE cannot be read: {exc}") from exc
    return password.encode() if password else None


def signer() -> signers.SimpleSigner | None:
    """The configured signer (loaded once per process and key file), or None when no key is configured.
    Raises SigningKeyError when a key is configured but cannot be loaded."""
    if not signing_configured():
        return None
    path = Path(settings.PDF_SIGNING_P12)
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        raise SigningKeyError(f"PDF_SIGNING_P12 cannot be read: {exc}") from exc
    return _load_signer(str(path), mtime, _password())


class _KeptKeySigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner parses its private key again for every raw signature (twice per PDF, with
    the size estimate), about 75 ms each for RSA; this one keeps the parsed key for the common mechanisms."""

    private_key: Any = None

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        hash_algorithm = get_pyca_cryptography_hash(digest_algorithm)
        if mechanism == "rsassa_pkcs1v15" and isinstance(self.private_key, RSAPrivateKey):
            return self.private_key.sign(data, PKCS1v15(), hash_algorithm)
        if mechanism == "ecdsa" and isinstance(self.private_key, EllipticCurvePrivateKey):
            return self.private_key.sign(data, ECDSA(hash_algorithm))
        return super().sign_raw(data, digest_algorithm)


@functools.lru_cache(maxsize=4)
def _load_signer(path: str, mtime: int, password: bytes | None) -> signers.SimpleSigner:
    try:
        key, certificate, others = pkcs12.load_key_and_certificates(Path(path).read_bytes(), password)
    except (OSError, ValueError) as exc:
        raise SigningKeyError(f"The PKCS#12 file {path} cannot be loaded (wrong password?): {exc}") from exc
    if key is None or certificate is None:
        raise SigningKeyError(f"The PKCS#12 file {path} holds no private key with its certificate")
    registry = SimpleCertificateStore()
    registry.register_multiple([translate_pyca_cryptography_cert_to_asn1(c) for c in others])
    loaded = _KeptKeySigner(
        signing_key=translate_pyca_cryptography_key_to_asn1(key),
        signing_cert=translate_pyca_cryptography_cert_to_asn1(certificate),
        cert_registry=registry,
    )
    loaded.private_key = key
    return loaded


def run_sync(call: Callable[[], T]) -> T:
    """pyHanko's synchronous API runs its own event loop; in a thread that already has one running (a
    browser test's Playwright loop, an async view), run it in a short-lived thread instead."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


def sign_pdf(data: bytes) -> bytes:
    """The PDF signed with the configured key (PAdES B-B, or B-T with a timestamp authority); the bytes
    unchanged when no key is configured."""
    current = signer()
    if current is None:
        return data
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
        reason=settings.PDF_SIGNING_REASON or None,
        location=settings.PDF_SIGNING_LOCATION or None,
    )
    # A fresh client per signature: its HTTP session belongs to the event loop of this one call.
    timestamper = HTTPTimeStamper(settings.PDF_SIGNING_TSA_URL) if settings.PDF_SIGNING_TSA_URL else None

    # Without a timestamp the container's size is known up to the signature: reserving it skips pyHanko's
    # estimate (a whole dry-run signature). A timestamp token's size depends on the authority: estimated.
    reserved = None if timestamper else _container_size(current)

    def sign() -> bytes:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        output = signers.sign_pdf(writer, metadata, signer=current, timestamper=timestamper, bytes_reserved=reserved)
        return output.getvalue()

    with _lock:  # one signature at a time per process: the signer object is shared
        return run_sync(sign)


def _container_size(current: signers.SimpleSigner) -> int:
    """Room for the CMS container: the certificates it carries plus the signature and signed attributes."""
    certificates = [current.signing_cert, *current.cert_registry]
    size = 4096 + sum(len(certificate.dump()) for certificate in certificates if certificate is not None)
    return size + size % 2  # pyHanko wants an even number


def trusted_certificates() -> list[asn1_x509.Certificate]:
    """The certificates whose signatures are the issuer's own: the current signer's and the older ones in
    settings.PDF_SIGNING_TRUSTED_CERTS (key rotation). Signing certificates, not their CAs: a CA here would
    make every certificate it ever issued count as the issuer."""
    certificates = []
    current = signer()
    if current is not None and current.signing_cert is not None:
        certificates.append(current.signing_cert)
    for name in settings.PDF_SIGNING_TRUSTED_CERTS:
        certificates.extend(_load_trusted(name))
    return certificates


def _load_trusted(name: str) -> list[asn1_x509.Certificate]:
    path = Path(name)
    try:
        return _parse_trusted(str(path), path.stat().st_mtime_ns)
    except OSError as exc:
        raise SigningKeyError(f"PDF_SIGNING_TRUSTED_CERTS: {name} cannot be read: {exc}") from exc


@functools.lru_cache(maxsize=32)
def _parse_trusted(path: str, mtime: int) -> list[asn1_x509.Certificate]:
    try:
        certificates = list(load_certs_from_pemder_data(Path(path).read_bytes()))
        for certificate in certificates:  # asn1crypto parses lazily: read a field now, not at the first upload
            certificate.subject.human_friendly  # noqa: B018
    except (ValueError, TypeError) as exc:
        raise SigningKeyError(f"PDF_SIGNING_TRUSTED_CERTS: {path} is not a PEM or DER certificate: {exc}") from exc
    if not certificates:
        raise SigningKeyError(f"PDF_SIGNING_TRUSTED_CERTS: {path} holds no certificate")
    return certificates
