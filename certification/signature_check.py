"""The public check of an uploaded PDF: is it signed, is the signature valid, is it KWP's, was the document
changed after signing, and which issued document is it (docs/signing.md).

Reads only: nothing from the upload is stored. The signature is checked with pyHanko against the certificates
that count as KWP's (core.lib.signing.trusted_certificates: the current signer's and older ones after a key
rotation), with no network fetching (no OCSP/CRL look-ups triggered by a stranger's file). The file is matched to
an issued certificate or audit protocol by the SHA-256 stored when it was rendered.
"""

import dataclasses
import datetime
import hashlib
import io
import logging

from django.utils.translation import gettext_lazy as _
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from core.lib.signing import run_sync, trusted_certificates
from core.services import ServiceError

from .models import Certificate
from .selectors import certificate_by_pdf_sha256, protocol_exists_with_pdf_sha256

logger = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF"


class PdfCheckError(ServiceError):
    pass


@dataclasses.dataclass(frozen=True)
class PdfCheck:
    """What the page tells the visitor. `changed` covers both a signature that no longer matches the bytes it
    signed and changes appended after the signature."""

    signed: bool
    valid: bool = False  # the signature is cryptographically sound and matches the bytes it covers
    by_kwp: bool = False  # made with a certificate that counts as KWP's
    changed: bool = False
    signer: str = ""
    signed_at: datetime.datetime | None = None
    timestamped_at: datetime.datetime | None = None
    certificate: Certificate | None = None
    protocol: bool = False

    @property
    def genuine(self) -> bool:
        return self.signed and self.valid and self.by_kwp and not self.changed


def pdf_check(data: bytes) -> PdfCheck:
    """Check an uploaded file. Raises PdfCheckError (a Polish message) when it is not a readable PDF."""
    if not data.startswith(PDF_MAGIC):
        raise PdfCheckError(_("This file is not a PDF document. Choose the PDF file of the certificate."))
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception as exc:  # a stranger's file may break the parser in any way: never a server error
        logger.info("Uploaded PDF could not be read: %s", exc)
        raise PdfCheckError(_("The file could not be read as a PDF document; it may be damaged.")) from exc
    digest = hashlib.sha256(data).hexdigest()
    certificate, protocol = certificate_by_pdf_sha256(digest), protocol_exists_with_pdf_sha256(digest)
    if not signatures:
        return PdfCheck(signed=False, certificate=certificate, protocol=protocol)
    checks = [_check_signature(signature) for signature in signatures]
    # Our PDFs carry one signature; with several, KWP's (if any) is the one that speaks for the document.
    best = next((check for check in checks if check.by_kwp), checks[0])
    return dataclasses.replace(best, certificate=certificate, protocol=protocol)


def _check_signature(signature) -> PdfCheck:
    context = ValidationContext(trust_roots=trusted_certificates(), allow_fetching=False)
    try:
        status: PdfSignatureStatus = run_sync(lambda: validate_pdf_signature(signature, context))
    except Exception:  # a malformed or unsupported signature is reported as invalid, not as a server error
        logger.info("Signature in an uploaded PDF could not be validated", exc_info=True)
        return PdfCheck(signed=True, changed=True)
    coverage_ok = status.coverage is not None and status.coverage >= SignatureCoverageLevel.ENTIRE_REVISION
    level = status.modification_level
    changed = (not status.intact or not coverage_ok or level is None or level > ModificationLevel.LTA_UPDATES
               or status.docmdp_ok is False)
    timestamp = status.timestamp_validity
    return PdfCheck(
        signed=True,
        valid=status.intact and status.valid,
        by_kwp=status.intact and status.valid and status.trusted,
        changed=changed,
        signer=_common_name(status),
        signed_at=status.signer_reported_dt,
        timestamped_at=timestamp.timestamp if timestamp is not None and timestamp.intact and timestamp.valid
        else None,
    )


def _common_name(status: PdfSignatureStatus) -> str:
    try:
        subject = status.signing_cert.subject
        return str(subject.native.get("common_name", "")) or subject.human_friendly
    except Exception:
        return ""
