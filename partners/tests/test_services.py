import datetime

import pytest
from django.core.exceptions import ValidationError

from institutions.tests.factories import county
from partners.models import Partner
from partners.services import (
    DuplicatePartnerError,
    PartnerError,
    partner_create,
    partner_merge,
    partnership_create,
    partnership_create_with_partner,
    partnership_end,
    partnership_update,
)
from partners.tests.factories import PartnerFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

SEPT = datetime.date(2025, 9, 1)


def test_partner_create_adds_a_directory_entry(world):
    partner = partner_create(by=world.coordinator_a, name="Urząd Gminy Zabierzów", kind=Partner.Kind.LOCAL_GOVERNMENT,
                             county=county("1206"))
    assert partner.created_by == world.coordinator_a
    assert partner.history.get().history_user == world.coordinator_a


def test_partner_create_refuses_a_likely_duplicate_in_the_same_county(world):
    existing = PartnerFactory(name="Straż Miejska Miasta Krakowa", county=county("1261"))
    with pytest.raises(DuplicatePartnerError) as exc:
        partner_create(by=world.coordinator_a, name="Straz Miejska m. Krakowa", kind=Partner.Kind.MUNICIPAL_GUARD,
                       county=county("1261"))
    assert exc.value.duplicates == [existing]
    assert Partner.objects.filter(name="Straz Miejska m. Krakowa").count() == 0


def test_partner_create_accepts_the_same_name_in_another_county(world):
    PartnerFactory(name="Urząd Gminy Bochnia", county=county("1201"))
    partner_create(by=world.kwp, name="Urząd Gminy Bochnia", kind=Partner.Kind.LOCAL_GOVERNMENT, county=county("1261"))
    assert Partner.objects.filter(name="Urząd Gminy Bochnia").count() == 2


def test_partner_create_adds_a_confirmed_duplicate(world):
    PartnerFactory(name="Fundacja Bezpieczne Dziecko", county=county("1261"))
    partner_create(by=world.kwp, name="Fundacja Bezpieczne Dziecko", kind=Partner.Kind.NGO, county=county("1261"),
                   allow_duplicate=True)
    assert Partner.objects.filter(name="Fundacja Bezpieczne Dziecko").count() == 2


def test_partnership_create_links_the_institution_and_partner(world):
    partner = PartnerFactory()
    partnership = partnership_create(institution=world.institution_a, partner=partner, started_on=SEPT,
                                     scope="Wspólna wizja lokalna", by=world.coordinator_a)
    assert partnership.is_current
    assert partnership in world.institution_a.partnerships.all()


def test_partnership_create_refuses_a_second_open_partnership_with_the_same_partner(world):
    with pytest.raises(ValidationError):
        partnership_create(institution=world.institution_a, partner=world.partner, started_on=SEPT, scope="x",
                           by=world.coordinator_a)
    assert world.institution_a.partnerships.count() == 1


def test_partnership_create_allows_a_new_partnership_after_the_old_one_ended(world):
    partnership_end(partnership=world.partnership_a, ended_on=datetime.date(2025, 6, 30), by=world.kwp)
    partnership_create(institution=world.institution_a, partner=world.partner, started_on=SEPT, scope="x", by=world.kwp)
    assert world.institution_a.partnerships.count() == 2


def test_partnership_create_with_partner_creates_both(world):
    partnership = partnership_create_with_partner(
        institution=world.institution_a, by=world.coordinator_a, started_on=SEPT, scope="Zajęcia z ratownikami",
        partner_fields={"name": "OSP Łapczyca", "kind": Partner.Kind.NGO, "county": county("1201"),
                        "contact_person": "Jan Kowal"},
    )
    assert partnership.partner.name == "OSP Łapczyca"
    assert partnership.partner.created_by == world.coordinator_a


def test_partnership_create_with_partner_saves_nothing_when_the_dates_are_wrong(world):
    with pytest.raises(ValidationError):
        partnership_create_with_partner(
            institution=world.institution_a, by=world.coordinator_a, started_on=SEPT, ended_on=SEPT.replace(year=2024),
            scope="x", partner_fields={"name": "OSP Łapczyca", "kind": Partner.Kind.NGO, "county": county("1201")},
        )
    assert not Partner.objects.filter(name="OSP Łapczyca").exists()


def test_partnership_end_sets_the_last_day(world):
    partnership_end(partnership=world.partnership_a, ended_on=datetime.date(2025, 6, 30), by=world.coordinator_a)
    world.partnership_a.refresh_from_db()
    assert world.partnership_a.ended_on == datetime.date(2025, 6, 30)
    assert world.partnership_a.is_ended


def test_partnership_end_refuses_a_date_before_the_start(world):
    with pytest.raises(ValidationError) as exc:
        partnership_end(partnership=world.partnership_a, ended_on=datetime.date(2020, 1, 1), by=world.coordinator_a)
    assert exc.value.message_dict["ended_on"] == [
        "Data zakończenia nie może być wcześniejsza niż data rozpoczęcia (01.09.2024)."
    ]
    world.partnership_a.refresh_from_db()
    assert world.partnership_a.ended_on is None


def test_partnership_update_refuses_an_end_before_the_start(world):
    with pytest.raises(ValidationError):
        partnership_update(partnership=world.partnership_a, started_on=SEPT, ended_on=datetime.date(2025, 1, 1),
                           scope="x", by=world.kwp)
    world.partnership_a.refresh_from_db()
    assert world.partnership_a.scope != "x"


def test_partner_merge_moves_partnerships_and_deletes_duplicates(world):
    keep, duplicate = world.partner, world.partner_duplicate
    moved_b = PartnershipFactory(institution=world.institution_b, partner=duplicate)
    other = PartnerFactory(name="Kuratorium Oświaty w Krakowie")
    moved_other = PartnershipFactory(institution=world.institution_b, partner=other)

    moved = partner_merge(keep=keep, duplicates=[duplicate, other], by=world.kwp)

    assert moved == 2
    assert set(keep.partnerships.all()) == {world.partnership_a, moved_b, moved_other}
    assert not Partner.objects.filter(pk__in=[duplicate.pk, other.pk]).exists()


def test_partner_merge_keeps_two_open_partnerships_of_one_institution(world):
    PartnershipFactory(institution=world.institution_a, partner=world.partner_duplicate)
    partner_merge(keep=world.partner, duplicates=[world.partner_duplicate], by=world.kwp)
    assert world.institution_a.partnerships.filter(partner=world.partner).count() == 2


def test_partner_merge_records_who_merged(world):
    duplicate_pk = world.partner_duplicate.pk
    moved = PartnershipFactory(institution=world.institution_b, partner=world.partner_duplicate)
    partner_merge(keep=world.partner, duplicates=[world.partner_duplicate], by=world.kwp)
    deleted = Partner.history.filter(id=duplicate_pk, history_type="-").get()
    assert deleted.history_user == world.kwp
    assert moved.history.first().history_user == world.kwp
    assert moved.history.first().history_change_reason == f"włączono do partnera nr {world.partner.pk}"


def test_partner_merge_fills_empty_contact_fields_of_the_kept_partner(world):
    keep = PartnerFactory(contact_person="", email="", phone="")
    duplicate = PartnerFactory(contact_person="Ewa Lis", email="ewa.lis@example.pl", phone="")
    partner_merge(keep=keep, duplicates=[duplicate], by=world.kwp)
    keep.refresh_from_db()
    assert (keep.contact_person, keep.email) == ("Ewa Lis", "ewa.lis@example.pl")


def test_partner_merge_refuses_to_merge_a_partner_into_itself(world):
    with pytest.raises(PartnerError, match="nie może zostać scalony sam ze sobą"):
        partner_merge(keep=world.partner, duplicates=[world.partner], by=world.kwp)
    assert Partner.objects.filter(pk=world.partner.pk).exists()


def test_partner_merge_needs_a_duplicate(world):
    with pytest.raises(PartnerError):
        partner_merge(keep=world.partner, duplicates=[], by=world.kwp)
