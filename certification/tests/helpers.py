import subprocess
from contextlib import contextmanager
from pathlib import Path


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout


def pdf_info(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout


def pdf_qr_codes(data: bytes, tmp_path: Path) -> list[str]:
    """Every QR code on the PDF's first page, read the way a phone would: from a picture of it."""
    path = tmp_path / "certificate.pdf"
    path.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")], check=True
    )
    [picture] = tmp_path.glob("page*.png")
    result = subprocess.run(["zbarimg", "--quiet", "--raw", str(picture)], capture_output=True, text=True)
    return result.stdout.split()


@contextmanager
def broker_unreachable(monkeypatch):
    """Point task dispatch at a port where no broker listens; restore the real broker afterwards."""
    from zpb.tests.faults import celery_on

    with celery_on("redis://127.0.0.1:1/0"):
        yield
