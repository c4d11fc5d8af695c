import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from institutions import rspo
from institutions.models import Institution, RspoImport
from institutions.tests.rspo_files import HEADER, csv_bytes, school

pytestmark = pytest.mark.usefixtures("reference_data")


@pytest.fixture
def rows(world):
    changed = school(world.institution_a.rspo, Nazwa="Szkoła Podstawowa nr 1 im. Jana Pawła II w Bochni",
                     Powiat="bocheński", Miejscowość="Bochnia", **{"Kod pocztowy": "32-700"})
    return [school("54321"), changed, school("54322", Województwo="ŚLĄSKIE")]


def uploaded(world):
    """Imports stored by the test (the world brings one of its own)."""
    return RspoImport.objects.exclude(pk=world.rspo_import.pk)


def upload(client, data: bytes, name: str = "rspo.csv"):
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(reverse("institutions:rspo-import"), {"file": file}, follow=True)


def test_an_upload_is_stored_and_previewed_before_anything_changes(kwp_client, rows, world):
    count = Institution.objects.count()
    response = upload(kwp_client, csv_bytes(rows, bom=True))
    rspo_import = uploaded(world).get()
    assert response.redirect_chain == [(reverse("institutions:rspo-import-preview", args=[rspo_import.pk]), 302)]
    assert rspo_import.applied_at is None
    assert Institution.objects.count() == count
    for text in ("Plik ma 3 wiersze.", "Nowe placówki (1)", "Zmienione placówki (1)", "Odrzucone wiersze (1)",
                 "Spoza Małopolski (województwo: ŚLĄSKIE).", "<del>Szkoła Podstawowa nr 1 w Bochni</del>",
                 "Szkoła Podstawowa nr 1 im. Jana Pawła II w Bochni</ins>", "Zastosuj import"):
        assert text in response.text


@pytest.mark.parametrize(
    "data, message",
    [
        (csv_bytes([school("54321")], encoding="cp1250"),
         "Plik nie jest zapisany w kodowaniu UTF-8. Zapisz go jako „CSV UTF-8” (albo wyeksportuj ponownie z RSPO) "
         "i prześlij jeszcze raz."),
        (b"PK\x03\x04\x14\x00\x06\x00", "To nie jest plik CSV. Wyeksportuj listę szkół z RSPO jako plik CSV "
                                        "(rozdzielany średnikami) i prześlij go tutaj."),
        (b"", "Wysłany plik jest pusty."),
        (csv_bytes([]), "Plik zawiera tylko wiersz nagłówka, bez żadnej szkoły."),
        (csv_bytes([school("54321")], header=[h for h in HEADER if h != "Województwo"]),
         "To nie jest eksport z RSPO (plik CSV rozdzielany średnikami): brakuje kolumny „Województwo”."),
    ],
    ids=["cp1250", "xlsx", "empty", "header-only", "missing-column"],
)
def test_an_unreadable_file_gets_one_message_and_nothing_is_stored(kwp_client, world, data, message):
    count = Institution.objects.count()
    response = upload(kwp_client, data)
    assert response.redirect_chain == []
    assert response.context["form"].errors == {"file": [message]}
    assert message in response.text
    assert not uploaded(world).exists()
    assert Institution.objects.count() == count


def test_a_file_over_the_limit_is_refused(kwp_client, world, monkeypatch):
    monkeypatch.setattr(rspo, "MAX_UPLOAD_BYTES", 1024 * 1024)
    data = csv_bytes([school(str(10000 + n)) for n in range(2500)])
    assert len(data) > 1024 * 1024
    response = upload(kwp_client, data)
    assert response.context["form"].errors == {"file": ["Plik jest za duży (najwyżej 1 MB)."]}
    assert not uploaded(world).exists()


def test_applying_imports_and_reports_the_counts(kwp_client, rows, world):
    upload(kwp_client, csv_bytes(rows))
    rspo_import = uploaded(world).get()
    response = kwp_client.post(reverse("institutions:rspo-import-apply", args=[rspo_import.pk]), follow=True)
    assert "Import został zastosowany. Nowe: 1, zmienione: 1, bez zmian: 0, odrzucone: 1." in response.text
    assert "Przejdź do listy placówek" in response.text
    rspo_import.refresh_from_db()
    assert rspo_import.applied_at is not None
    assert Institution.objects.filter(rspo="54321").exists()
    world.institution_a.refresh_from_db()
    assert world.institution_a.name == "Szkoła Podstawowa nr 1 im. Jana Pawła II w Bochni"


def test_applying_twice_is_refused(kwp_client, rows, world):
    upload(kwp_client, csv_bytes(rows))
    rspo_import = uploaded(world).get()
    url = reverse("institutions:rspo-import-apply", args=[rspo_import.pk])
    kwp_client.post(url)
    count = Institution.objects.count()
    response = kwp_client.post(url, follow=True)
    assert "Ten import został już zastosowany." in response.text
    assert Institution.objects.count() == count
    rspo_import.refresh_from_db()
    assert rspo_import.created_count == 1


def test_the_upload_page_lists_past_imports(kwp_client, rows):
    upload(kwp_client, csv_bytes(rows), name="rspo-2026-11.csv")
    response = kwp_client.get(reverse("institutions:rspo-import"))
    assert "rspo-2026-11.csv" in response.text
    assert "niezastosowany" in response.text
