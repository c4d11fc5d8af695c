import pytest

from partners.models import normalize_name
from partners.tests.factories import PartnerFactory


@pytest.mark.parametrize(("name", "key"), [
    ("Straż Miejska Miasta Krakowa", "straz miejska miasta krakowa"),
    ("Straz Miejska m. Krakowa", "straz miejska miasta krakowa"),
    ("  URZĄD  Gminy   Łapanów ", "urzad gminy lapanow"),
    ("Spółdzielnia Mieszkaniowa „Prądnik”", "spoldzielnia mieszkaniowa pradnik"),
])
def test_normalize_name_ignores_case_diacritics_punctuation_and_abbreviations(name, key):
    assert normalize_name(name) == key


@pytest.mark.django_db
def test_saving_a_partner_keeps_its_name_key_up_to_date(reference_data):
    partner = PartnerFactory(name="Rada Dzielnicy I Stare Miasto")
    partner.name = "Rada Dzielnicy II Grzegórzki"
    partner.save(update_fields=["name"])
    partner.refresh_from_db()
    assert partner.name_key == "rada dzielnicy ii grzegorzki"
