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


def test_django_form_messages_keep_django_s_polish_wording():
    """An installed library's catalogue (DRF's) outranks Django's own: core pins Django's wording."""
    import gettext

    import django
    from django.apps import apps
    from django.utils import translation

    def catalogue(folder: Path) -> dict[str, str]:
        with open(folder / "locale" / "pl" / "LC_MESSAGES" / "django.mo", "rb") as mo:
            return gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]

    django_own = catalogue(Path(django.__file__).parent / "conf")
    overlaps = {
        msgid for config in apps.get_app_configs()
        if not config.name.startswith("django.") and config.name not in settings.LOCAL_APPS
        and (Path(config.path) / "locale" / "pl" / "LC_MESSAGES" / "django.mo").exists()
        for msgid, text in catalogue(Path(config.path)).items()
        if isinstance(msgid, str) and msgid and django_own.get(msgid) not in (None, text)
    }
    assert "The submitted file is empty." in overlaps  # DRF's catalogue has it: the check sees real overlaps
    with translation.override("pl"):
        assert {m: translation.gettext(m) for m in overlaps} == {m: django_own[m] for m in overlaps}
