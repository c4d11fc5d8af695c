import pytest

from partners.selectors import (
    partner_directory_search,
    partner_likely_duplicates,
    partner_list_for_user,
    partner_search,
    partnership_list_for_user,
)
from partners.tests.factories import PartnerFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


def test_coordinator_sees_only_partnerships_of_own_institutions(world):
    PartnershipFactory(institution=world.institution_b, partner=world.partner)
    assert list(partnership_list_for_user(user=world.coordinator_a)) == [world.partnership_a]


def test_coordinator_of_another_institution_sees_none_of_a(world):
    assert world.partnership_a not in partnership_list_for_user(user=world.coordinator_b)


def test_auditor_sees_no_partnerships(world):
    assert not partnership_list_for_user(user=world.auditor).exists()


def test_kwp_sees_all_partnerships(world):
    other = PartnershipFactory(institution=world.institution_b)
    assert set(partnership_list_for_user(user=world.kwp)) == {world.partnership_a, other}


def test_only_kwp_gets_the_directory_with_contact_data(world):
    assert partner_list_for_user(user=world.kwp).count() == 2
    assert not partner_list_for_user(user=world.coordinator_a).exists()


def test_directory_search_gives_no_contact_data(world):
    (entry,) = [e for e in partner_directory_search(q="Urząd Miasta Bochnia") if e.pk == world.partner.pk]
    assert entry.name == "Urząd Miasta Bochnia"
    assert entry.kind_label == "Samorząd"
    assert entry.county == "bocheński"
    assert not hasattr(entry, "contact_person") and not hasattr(entry, "email")


def test_directory_search_ignores_diacritics(world):
    PartnerFactory(name="Straż Gminna w Zabierzowie")
    assert [entry.name for entry in partner_directory_search(q="straz gminna")] == ["Straż Gminna w Zabierzowie"]


def test_directory_search_marks_partners_the_institution_already_has(world):
    entries = {entry.pk: entry for entry in partner_directory_search(q="bochnia", institution=world.institution_a)}
    assert entries[world.partner.pk].is_partner
    assert not entries[world.partner_duplicate.pk].is_partner


def test_likely_duplicates_need_the_same_county(world):
    PartnerFactory(name="Urząd Miasta Bochnia")  # Kraków, another county
    found = set(partner_likely_duplicates(name="urzad miasta  bochnia", county=world.partner.county))
    assert found == {world.partner, world.partner_duplicate}


def test_partner_search_filters_by_contact_person_kind_and_county(world):
    guard = PartnerFactory(name="Straż Miejska w Tarnowie", kind="municipal_guard", contact_person="Zofia Mróz")
    qs = partner_list_for_user(user=world.kwp)
    assert list(partner_search(qs, q="Mróz")) == [guard]
    assert list(partner_search(qs, kind="municipal_guard")) == [guard]
    assert set(partner_search(qs, county=world.partner.county)) == {world.partner, world.partner_duplicate}
    assert set(partner_search(qs, duplicates=True)) == {world.partner, world.partner_duplicate}
