"""Validation of evidence uploads: size, type read from the content, and a safe display name.

The type is decided by the file's bytes (magic numbers, and for the office formats the ZIP
members), and it must match the extension: a PNG called "skan.pdf" is refused, as is an
executable renamed to .pdf. The name the user gave is kept for display only.
"""

import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

PDF, JPEG, PNG, DOCX, XLSX, ODT, ODS = "pdf", "jpeg", "png", "docx", "xlsx", "odt", "ods"
CONTENT_TYPES = {
    PDF: "application/pdf",
    JPEG: "image/jpeg",
    PNG: "image/png",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ODT: "application/vnd.oasis.opendocument.text",
    ODS: "application/vnd.oasis.opendocument.spreadsheet",
}
EXTENSIONS = {"pdf": PDF, "jpg": JPEG, "jpeg": JPEG, "png": PNG, "docx": DOCX, "xlsx": XLSX, "odt": ODT, "ods": ODS}
ACCEPT = ",".join(f".{ext}" for ext in EXTENSIONS)  # for <input accept>, a hint only
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
OOXML_FOLDERS = {DOCX: "word/", XLSX: "xl/"}
ODF_MIMETYPES = {CONTENT_TYPES[ODT].encode(): ODT, CONTENT_TYPES[ODS].encode(): ODS}


@dataclass(frozen=True)
class CheckedUpload:
    display_name: str
    content_type: str
    size: int
    sha256: str


def display_name(name: str) -> str:
    """The last path component, without control characters; never used as a path."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().lstrip(".").strip()
    if len(name) > 200:
        suffix = PurePosixPath(name).suffix[:12]
        name = name[: 200 - len(suffix)] + suffix
    return name


def _zip_kind(file: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            if not entries:
                return None
            first = entries[0]
            # ODF puts an uncompressed "mimetype" entry first; read it only if it is tiny.
            if first.filename == "mimetype" and first.file_size <= 100:
                return ODF_MIMETYPES.get(archive.read(first).strip())
            names = [entry.filename for entry in entries]
            if "[Content_Types].xml" in names:
                for kind, folder in OOXML_FOLDERS.items():
                    if any(n.startswith(folder) for n in names):
                        return kind
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return None
    return None


def sniff(file: IO[bytes]) -> str | None:
    """The kind of a file judged by its content, or None when it is none of the accepted ones."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(PNG_SIGNATURE):
        return PNG
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(file)
        file.seek(0)
        return kind
    return None


def _sha256(file: IO[bytes]) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(64 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """Accept the upload or raise ValidationError with a message for the coordinator."""
    size = upload.size or 0
    allowed = "PDF, JPG, PNG, DOCX, ODT, XLSX, ODS"
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s MB). The limit is %(limit)d MB per file.")
            % {"size": f"{size / 1024 / 1024:.1f}".replace(".", ","), "limit": MAX_UPLOAD_BYTES // 1024 // 1024},
            code="too_large",
        )
    name = display_name(upload.name or "")
    expected = EXTENSIONS.get(PurePosixPath(name).suffix.lower().lstrip("."))
    if expected is None:
        raise ValidationError(
            _("This file type is not accepted. Accepted types: %(types)s.") % {"types": allowed}, code="extension"
        )
    if sniff(upload) != expected:
        raise ValidationError(
            _("The content of the file does not match its extension (.%(ext)s). Accepted types: %(types)s.")
            % {"ext": PurePosixPath(name).suffix.lower().lstrip("."), "types": allowed},
            code="content",
        )
    return CheckedUpload(
        display_name=name, content_type=CONTENT_TYPES[expected], size=size, sha256=_sha256(upload)
    )


def content_disposition(name: str) -> str:
    """An attachment header with an ASCII fallback and the full name as RFC 5987 `filename*`."""
    ascii_name = unicodedata.normalize("NFKD", name.replace("ł", "l").replace("Ł", "L"))
    ascii_name = ascii_name.encode("ascii", "ignore").decode()
    ascii_name = re.sub(r'[^A-Za-z0-9._ -]', "_", ascii_name).strip() or "plik"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
