from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from institutions.models import Institution
from institutions.tests.factories import InstitutionFactory, county
from institutions.tests.rspo_files import csv_bytes, school

pytestmark = pytest.mark.usefixtures("reference_data")


@pytest.fixture
def export(tmp_path):
    path = tmp_path / "rspo.csv"
    path.write_bytes(csv_bytes([school("54321"), school("54322", Powiat="bielski")], bom=True))
    return path


def run(*args) -> str:
    out = StringIO()
    call_command("import_rspo", *map(str, args), stdout=out)
    return out.getvalue()


def test_without_apply_it_only_previews(export):
    output = run(export)
    assert "54321" in output and "nowa" in output
    assert "Nieznany powiat: „bielski”." in output
    assert "Nowe: 1, zmienione: 0, bez zmian: 0, odrzucone: 1." in output
    assert "To tylko podgląd" in output
    assert not Institution.objects.exists()


def test_apply_imports_and_shows_the_changes(export):
    InstitutionFactory(rspo="54321", name="Stara nazwa", county=county("1219"))
    output = run(export, "--apply")
    assert "Pełna nazwa: Stara nazwa → Szkoła Podstawowa nr 1 w Wieliczce" in output
    assert "Import został zastosowany." in output
    assert Institution.objects.get(rspo="54321").name == "Szkoła Podstawowa nr 1 w Wieliczce"


def test_a_second_run_changes_nothing(export):
    run(export, "--apply")
    output = run(export, "--apply")
    assert "Nowe: 0, zmienione: 0, bez zmian: 1, odrzucone: 1." in output
    assert Institution.objects.count() == 1


def test_a_file_that_is_not_an_export_is_refused(tmp_path):
    path = tmp_path / "lista.csv"
    path.write_bytes("Nazwa;Miejscowość\nSP 1;Bochnia\n".encode("cp1250"))
    with pytest.raises(CommandError, match="Plik nie jest zapisany w kodowaniu UTF-8"):
        run(path, "--apply")
    assert not Institution.objects.exists()


def test_a_missing_file_is_reported(tmp_path):
    with pytest.raises(CommandError):
        run(tmp_path / "brak.csv")
