import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from audits.services.self_assessments import evidence_add
from audits.tests.factories import answer_all
from audits.tests.factories_self_assessments import PDF_BYTES, PNG_BYTES, self_assessment_for
from audits.uploads import MAX_UPLOAD_BYTES, check_upload, content_disposition, display_name

JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def zip_bytes(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = zip_bytes([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")])
XLSX = zip_bytes([("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<workbook/>")])
ODT = zip_bytes([("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b"<office/>")])
ODS = zip_bytes([("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", b"<office/>")])


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.mark.parametrize("name, data, content_type", [
    ("skan.pdf", PDF_BYTES, "application/pdf"),
    ("zdjęcie.JPG", JPEG_BYTES, "image/jpeg"),
    ("zdjecie.jpeg", JPEG_BYTES, "image/jpeg"),
    ("plakat.png", PNG_BYTES, "image/png"),
    ("protokół.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("ankiety.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("sprawozdanie.odt", ODT, "application/vnd.oasis.opendocument.text"),
    ("wyniki.ods", ODS, "application/vnd.oasis.opendocument.spreadsheet"),
])
def test_accepted_types_are_recognised_by_content(name, data, content_type):
    assert check_upload(upload(name, data)).content_type == content_type


def test_a_file_over_10_mb_is_refused_with_the_limit_in_the_message():
    with pytest.raises(ValidationError) as error:
        check_upload(upload("duzy.pdf", PDF_BYTES + b"0" * MAX_UPLOAD_BYTES))
    assert error.value.messages == ["Plik jest za duży (10,0 MB). Limit to 10 MB na jeden plik."]


def test_a_file_of_exactly_10_mb_is_accepted():
    data = PDF_BYTES + b"0" * (MAX_UPLOAD_BYTES - len(PDF_BYTES))
    assert check_upload(upload("graniczny.pdf", data)).size == MAX_UPLOAD_BYTES


def test_an_executable_renamed_to_pdf_is_refused():
    with pytest.raises(ValidationError, match="nie odpowiada"):
        check_upload(upload("raport.pdf", EXE_BYTES))


def test_a_png_named_pdf_is_refused_because_content_and_extension_differ():
    with pytest.raises(ValidationError, match=r"\(\.pdf\)"):
        check_upload(upload("skan.pdf", PNG_BYTES))


def test_an_unlisted_extension_is_refused():
    with pytest.raises(ValidationError, match="nie jest akceptowany"):
        check_upload(upload("program.exe", EXE_BYTES))


def test_a_plain_zip_named_docx_is_refused():
    with pytest.raises(ValidationError):
        check_upload(upload("dokument.docx", zip_bytes([("readme.txt", b"hello")])))


def test_a_spreadsheet_named_odt_is_refused():
    with pytest.raises(ValidationError):
        check_upload(upload("tekst.odt", ODS))


def test_a_corrupt_zip_named_xlsx_is_refused():
    with pytest.raises(ValidationError):
        check_upload(upload("arkusz.xlsx", b"PK\x03\x04" + b"\x00" * 40))


@pytest.mark.parametrize("raw, shown", [
    ("../../etc/passwd", "passwd"),
    ("..\\..\\Windows\\win.ini", "win.ini"),
    ("C:\\Users\\anna\\Pulpit\\skan wizji.pdf", "skan wizji.pdf"),
    ("ra\x00port\n\r.pdf", "raport.pdf"),
    ("..", ""),
    (".ukryty.pdf", "ukryty.pdf"),
])
def test_display_names_lose_paths_and_control_characters(raw, shown):
    assert display_name(raw) == shown


def test_a_path_trick_name_is_kept_only_for_display(world, media_root):
    answer = answer_all(self_assessment_for(world.institution_a))[0]
    evidence = evidence_add(
        answer=answer, upload=upload("../../../../etc/passwd.pdf", PDF_BYTES), by=world.coordinator_a
    )
    assert evidence.original_name == "passwd.pdf"
    assert evidence.file.name.startswith(f"evidence/{answer.self_assessment_id}/")
    assert "passwd" not in evidence.file.name and ".." not in evidence.file.name
    assert (media_root / evidence.file.name).read_bytes() == PDF_BYTES


def test_content_disposition_has_an_ascii_fallback_and_the_utf8_name():
    header = content_disposition('Protokół "wizja" 1.pdf')
    assert header == (
        "attachment; filename=\"Protokol _wizja_ 1.pdf\"; "
        "filename*=UTF-8''Protok%C3%B3%C5%82%20%22wizja%22%201.pdf"
    )
