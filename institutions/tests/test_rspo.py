import pytest

from institutions import rspo
from institutions.models import InstitutionType
from institutions.tests.factories import InstitutionFactory, county, police_unit
from institutions.tests.rspo_files import HEADER, csv_bytes, school

# --- Reading the file ----------------------------------------------------------------------


def test_padded_values_are_stripped():
    [record] = rspo.read(csv_bytes([school("54321")]))
    assert record.rspo == "54321"
    assert record.name == "Szkoła Podstawowa nr 1 w Wieliczce"
    assert record.county == "wielicki"
    assert record.line == 2


def test_a_utf8_bom_is_accepted():
    [record] = rspo.read(csv_bytes([school("54321")], bom=True))
    assert record.rspo == "54321"


def test_columns_are_found_by_name_in_any_order_among_extra_ones():
    header = ["Nazwa skrócona", "Data likwidacji", "Powiat", "REGON", "Nazwa", "Województwo", "Typ", "Miejscowość",
              "Kod pocztowy", "Rodzaj miejscowości", "Numer RSPO", "Imię i nazwisko dyrektora"]
    [record] = rspo.read(csv_bytes([school("54321", **{"Nazwa skrócona": "SP1"})], header=header))
    assert (record.rspo, record.type, record.town, record.postal_code) == (
        "54321", "Szkoła podstawowa", "Wieliczka", "32-020"
    )
    assert record.street == ""  # not in this export


def test_blank_lines_are_skipped():
    data = csv_bytes([school("54321")]) + b"\r\n;;;\r\n"
    assert len(rspo.read(data)) == 1


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "Plik jest pusty."),
        (b"   \r\n", "Plik jest pusty."),
        (csv_bytes([school("54321")], encoding="cp1250"), "Plik nie jest zapisany w kodowaniu UTF-8."),
        (csv_bytes([school("54321")], encoding="utf-16"), "Plik nie jest zapisany w kodowaniu UTF-8."),
        (b"PK\x03\x04\x14\x00\x06\x00 xlsx", "To nie jest plik CSV."),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "To nie jest plik CSV."),
        (csv_bytes([]), "Plik zawiera tylko wiersz nagłówka, bez żadnej szkoły."),
    ],
    ids=["empty", "blank", "cp1250", "utf16", "xlsx", "pdf", "header-only"],
)
def test_unreadable_files_get_one_clear_message(data, message):
    with pytest.raises(rspo.RspoFileError) as error:
        rspo.read(data)
    assert str(error.value).startswith(message)


def test_missing_required_columns_are_named():
    header = [name for name in HEADER if name not in ("Powiat", "Kod pocztowy")]
    with pytest.raises(rspo.RspoFileError) as error:
        rspo.read(csv_bytes([school("54321")], header=header))
    assert str(error.value) == (
        "To nie jest eksport z RSPO (plik CSV rozdzielany średnikami): brakuje kolumn „Kod pocztowy”, „Powiat”."
    )


def test_a_comma_separated_file_is_not_an_rspo_export():
    with pytest.raises(rspo.RspoFileError) as error:
        rspo.read("Numer RSPO,Typ,Nazwa\n1,Szkoła podstawowa,SP 1\n".encode())
    assert "brakuje kolumn" in str(error.value)


# --- Planning ------------------------------------------------------------------------------


def plan(*rows):
    return rspo.plan(rspo.read(csv_bytes(list(rows))))


@pytest.mark.django_db
@pytest.mark.usefixtures("reference_data")
class TestPlan:
    def test_a_new_school_is_created_with_normalised_values(self):
        [result] = plan(school("54321", **{"Numer lokalu": "3", "E-mail": "SP5@Wieliczka.edu.pl"}))
        assert result.action == rspo.Action.CREATE
        assert result.values["type"] == InstitutionType.PRIMARY
        assert result.values["county"] == county("1219")
        assert result.values["building"] == "12/3"
        assert result.values["email"] == "sp5@wieliczka.edu.pl"
        assert result.values["website"] == "https://www.sp54321.wieliczka.pl"

    @pytest.mark.parametrize(
        "columns, reason",
        [
            ({"Województwo": "ŚLĄSKIE"}, "Spoza Małopolski (województwo: ŚLĄSKIE)."),
            ({"Data likwidacji": "2019-08-31"}, "Szkoła została zlikwidowana (data likwidacji: 2019-08-31)."),
            ({"REGON": "123456789"}, "Nieprawidłowy REGON: „123456789”."),
            ({"Powiat": "zakopiański"}, "Nieznany powiat: „zakopiański”."),
            ({"Typ": "Przedszkole"}, "Nieobsługiwany typ placówki: „Przedszkole”."),
            ({"Kod pocztowy": "32-02"}, "Nieprawidłowy kod pocztowy: „32-02”."),
            ({"Nazwa": "   "}, "Brak nazwy."),
            ({"Miejscowość": ""}, "Brak miejscowości."),
            ({"Numer RSPO": "A-12"}, "Nieprawidłowy numer RSPO: „A-12”."),
            ({"Typ": "Gimnazjum", "Data likwidacji": "2019-08-31"},
             "Szkoła została zlikwidowana (data likwidacji: 2019-08-31)."),
        ],
        ids=["voivodeship", "closed", "regon", "county", "type", "postal-code", "name", "town", "rspo", "gimnazjum"],
    )
    def test_rows_are_rejected_with_a_reason(self, columns, reason):
        [result] = plan(school("54321", **columns))
        assert result.action == rspo.Action.REJECT
        assert result.reason == reason

    def test_a_gimnazjum_still_open_is_accepted(self):
        [result] = plan(school("54321", Typ="Gimnazjum"))
        assert result.action == rspo.Action.CREATE
        assert result.values["type"] == InstitutionType.GIMNAZJUM

    def test_a_repeated_rspo_number_is_rejected_after_its_first_row(self):
        first, second = plan(school("54321"), school("54321", Nazwa="Inna szkoła"))
        assert first.action == rspo.Action.CREATE
        assert second.action == rspo.Action.REJECT
        assert second.reason == "Numer RSPO 54321 występuje w tym pliku ponownie (pierwszy raz w wierszu 2)."

    @pytest.mark.parametrize(
        "written, teryt",
        [("wielicki", "1219"), ("WIELICKI", "1219"), ("powiat wielicki", "1219"), ("Kraków", "1261"),
         ("m. Kraków", "1261"), ("M.Kraków", "1261"), ("miasto Nowy Sącz", "1262"), ("Powiat m. Tarnów", "1263"),
         ("krakowski", "1206")],
    )
    def test_county_names_are_normalised(self, written, teryt):
        [result] = plan(school("54321", Powiat=written))
        assert result.values["county"] == county(teryt)

    def test_only_changed_fields_are_updated(self):
        row = school("54321")
        ours = {"town": "Wieliczka-Stara", "phone": "12 000"}
        institution = InstitutionFactory(rspo="54321", **institution_fields(row) | ours)
        [result] = plan(row)
        assert result.action == rspo.Action.UPDATE
        assert result.institution == institution
        assert [(c.field, c.old, c.new) for c in result.changes] == [
            ("town", "Wieliczka-Stara", "Wieliczka"), ("phone", "12 000", "12 278 11 22"),
        ]

    def test_changes_list_old_and_new_values(self):
        InstitutionFactory(rspo="54321", name="Stara nazwa", type=InstitutionType.GIMNAZJUM, town="Wieliczka",
                           county=county("1219"), phone="", website="")
        [result] = plan(school("54321", Nazwa="Nowa nazwa"))
        changes = {c.field: (c.old, c.new) for c in result.changes}
        assert changes["name"] == ("Stara nazwa", "Nowa nazwa")
        assert changes["type"] == ("Gimnazjum", "Szkoła podstawowa")
        assert changes["phone"] == ("—", "12 278 11 22")
        assert "town" not in changes
        assert "county" not in changes

    def test_empty_rspo_values_never_clear_our_data(self):
        row = school("54321", **{"E-mail": "", "Telefon": "", "Strona www": "", "REGON": ""})
        ours = {"email": "sekretariat@sp.pl", "phone": "12 1", "website": "https://sp.pl", "regon": "123456785"}
        InstitutionFactory(rspo="54321", **institution_fields(row) | ours)
        [result] = plan(row)
        assert result.action == rspo.Action.UNCHANGED

    def test_an_identical_institution_is_unchanged(self):
        row = school("54321")
        InstitutionFactory(rspo="54321", **institution_fields(row))
        [result] = plan(row)
        assert result.action == rspo.Action.UNCHANGED
        assert result.changes == []

    def test_the_police_unit_is_not_part_of_an_update(self):
        row = school("54321", Powiat="Kraków")
        InstitutionFactory(rspo="54321", **institution_fields(row) | {"county": county("1219")},
                           police_unit=police_unit("KPP Wieliczka"))
        [result] = plan(row)
        assert [c.field for c in result.changes] == ["county"]
        assert "police_unit" not in result.values

    def test_junk_contact_values_are_dropped(self):
        [result] = plan(school("54321", **{"E-mail": "brak", "Strona www": "nie posiada"}))
        assert result.action == rspo.Action.CREATE
        assert (result.values["email"], result.values["website"]) == ("", "")


def institution_fields(row: dict[str, str]) -> dict:
    """The institution an identical earlier import would have stored."""
    [values] = [r.values for r in rspo.plan(rspo.read(csv_bytes([row])))]
    return {key: value for key, value in values.items() if key != "rspo"}


def test_summary_lines_show_each_row_and_the_counts(db, reference_data):
    results = plan(school("54321"), school("54322", Województwo="ŚLĄSKIE"))
    lines = rspo.summary_lines(results)
    assert "54321" in lines[0] and "nowa" in lines[0]
    assert "odrzucona" in lines[1]
    assert lines[2].strip() == "Spoza Małopolski (województwo: ŚLĄSKIE)."
    assert lines[-1] == "Nowe: 1, zmienione: 0, bez zmian: 0, odrzucone: 1."
