"""The Polish catalogues are complete and their compiled .mo files are current."""

import subprocess
from pathlib import Path

import pytest
from django.conf import settings

CATALOGUES = sorted(
    p for p in Path(settings.BASE_DIR).glob("*/locale/pl/LC_MESSAGES/django.po") if ".venv" not in p.parts
)


def test_every_folder_has_a_catalogue():
    folders = {p.parts[-5] for p in CATALOGUES}
    assert {"templates", "zpb", "institutions", "partners"} <= folders


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-5])
def test_catalogue_is_fully_translated(po):
    result = subprocess.run(
        ["msgfmt", "--check-format", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True, text=True, check=True,
    )
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-5])
def test_compiled_catalogue_is_current(po, tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(po)], check=True)
    assert po.with_suffix(".mo").read_bytes() == fresh.read_bytes(), f"run `make messages` for {po}"
