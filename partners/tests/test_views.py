import datetime

import pytest
from django.urls import reverse

from institutions.tests.factories import county
from partners.models import Partner, Partnership
from partners.tests.factories import PartnerFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

NEW_PARTNER = {
    "partner-name": "Ochotnicza Straż Pożarna w Łapczycy", "partner-kind": "ngo", "partner-county": "",
    "partner-contact_person": "Jan Kowal", "partner-email": "osp@example.pl", "partner-phone": "",
    "partnership-started_on": "2025-09-01", "partnership-ended_on": "", "partnership-scope": "Pokazy pierwszej pomocy",
}


def add_url(world):
    return reverse("partners:partnership-add", args=[world.institution_a.pk])


@pytest.fixture
def coordinator_client(client, world):
    client.force_login(world.coordinator_a)
    return client


# --- Institution page and partnerships ------------------------------------------------------


def test_institution_page_lists_partnerships_with_status(coordinator_client, world):
    PartnershipFactory(institution=world.institution_a, partner=world.partner_duplicate,
                       started_on=datetime.date(2020, 9, 1), ended_on=datetime.date(2023, 6, 30))
    response = coordinator_client.get(world.institution_a.get_absolute_url())
    html = response.content.decode()
    assert "Urząd Miasta Bochnia" in html and "Urzad Miasta Bochnia" in html
    assert "obecny" in html and "zakończony" in html
    assert "30.06.2023" in html
    assert reverse("partners:partnership-end", args=[world.institution_a.pk, world.partnership_a.pk]) in html


def test_search_without_javascript_shows_results_in_the_page(coordinator_client, world):
    response = coordinator_client.get(add_url(world), {"q": "bochnia"})
    assert "<html" in response.content.decode()
    assert "Urzad Miasta Bochnia" in response.content.decode()


def test_htmx_search_returns_only_the_results(coordinator_client, world):
    response = coordinator_client.get(add_url(world), {"q": "bochnia"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert "Znaleziono 2 partnerów" in html
    assert "już jest partnerem" in html


def test_search_shows_coordinators_no_contact_persons(coordinator_client, world):
    PartnerFactory(name="Straż Miejska w Tarnowie", contact_person="Zofia Mróz", email="zmroz@example.pl")
    html = coordinator_client.get(add_url(world), {"q": "tarnowie"}).content.decode()
    assert "Straż Miejska w Tarnowie" in html
    assert "Zofia Mróz" not in html and "zmroz@example.pl" not in html


def test_coordinator_adds_an_existing_partner(coordinator_client, world):
    url = reverse("partners:partnership-add-existing", args=[world.institution_a.pk, world.partner_duplicate.pk])
    response = coordinator_client.post(url, {"started_on": "2025-09-01", "scope": "Wspólne patrole"})
    assert response.status_code == 302
    assert world.institution_a.partnerships.filter(partner=world.partner_duplicate, scope="Wspólne patrole").exists()


def test_coordinator_adds_a_new_partner(coordinator_client, world):
    response = coordinator_client.post(add_url(world), NEW_PARTNER)
    assert response.status_code == 302
    partnership = world.institution_a.partnerships.get(partner__name="Ochotnicza Straż Pożarna w Łapczycy")
    assert partnership.partner.created_by == world.coordinator_a


def test_missing_partner_name_is_shown_next_to_the_field_and_nothing_is_saved(coordinator_client, world):
    response = coordinator_client.post(add_url(world), {**NEW_PARTNER, "partner-name": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["To pole jest wymagane."]
    assert 'id="error_1_id_partner-name"' in response.content.decode()
    assert Partner.objects.count() == 2 and Partnership.objects.count() == 1


def test_new_partner_with_end_before_start_is_refused_in_polish(coordinator_client, world):
    response = coordinator_client.post(add_url(world), {**NEW_PARTNER, "partnership-ended_on": "2025-01-01"})
    message = "Data zakończenia nie może być wcześniejsza niż data rozpoczęcia (01.09.2025)."
    assert response.context["partnership_form"].errors["ended_on"] == [message]
    assert message in response.content.decode()
    assert Partner.objects.count() == 2 and Partnership.objects.count() == 1


def test_likely_duplicate_asks_for_confirmation(coordinator_client, world):
    response = coordinator_client.post(add_url(world), {**NEW_PARTNER, "partner-name": "URZĄD MIASTA BOCHNIA",
                                                        "partner-county": county("1201").pk})
    html = response.content.decode()
    assert "Partnerzy o tej nazwie już są w tym powiecie" in html
    assert reverse("partners:partnership-add-existing", args=[world.institution_a.pk, world.partner.pk]) in html
    assert 'name="partner-add_anyway"' in html
    assert Partner.objects.count() == 2


def test_confirmed_duplicate_is_added(coordinator_client, world):
    coordinator_client.post(add_url(world), {**NEW_PARTNER, "partner-name": "URZĄD MIASTA BOCHNIA",
                                             "partner-county": county("1201").pk, "partner-add_anyway": "on"})
    assert Partner.objects.filter(name="URZĄD MIASTA BOCHNIA").exists()


def test_second_open_partnership_with_the_same_partner_is_refused(coordinator_client, world):
    url = reverse("partners:partnership-add-existing", args=[world.institution_a.pk, world.partner.pk])
    response = coordinator_client.post(url, {"started_on": "2025-09-01", "scope": "x"})
    assert "już współpracuje z: Urząd Miasta Bochnia" in response.content.decode()
    assert world.institution_a.partnerships.count() == 1


def test_edit_partnership(coordinator_client, world):
    url = reverse("partners:partnership-edit", args=[world.institution_a.pk, world.partnership_a.pk])
    coordinator_client.post(url, {"started_on": "2024-09-01", "ended_on": "", "scope": "Nowy zakres"})
    world.partnership_a.refresh_from_db()
    assert world.partnership_a.scope == "Nowy zakres"


def test_end_partnership(coordinator_client, world):
    url = reverse("partners:partnership-end", args=[world.institution_a.pk, world.partnership_a.pk])
    response = coordinator_client.post(url, {"ended_on": "2025-06-30"})
    assert response.status_code == 302
    world.partnership_a.refresh_from_db()
    assert world.partnership_a.ended_on == datetime.date(2025, 6, 30)


def test_end_before_start_shows_a_polish_message_next_to_the_field(coordinator_client, world):
    url = reverse("partners:partnership-end", args=[world.institution_a.pk, world.partnership_a.pk])
    response = coordinator_client.post(url, {"ended_on": "2024-08-31"})
    message = "Data zakończenia nie może być wcześniejsza niż data rozpoczęcia (01.09.2024)."
    assert response.context["form"].errors["ended_on"] == [message]
    assert 'id="error_1_id_ended_on"' in response.content.decode()
    world.partnership_a.refresh_from_db()
    assert world.partnership_a.ended_on is None


def test_coordinator_b_cannot_end_a_partnership_of_a_through_own_institution(client, world):
    client.force_login(world.coordinator_b)
    url = reverse("partners:partnership-end", args=[world.institution_b.pk, world.partnership_a.pk])
    assert client.post(url, {"ended_on": "2025-06-30"}).status_code == 404


# --- The directory (KWP) ----------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 10])
def test_directory_list_is_flat_in_queries(kwp_client, world, rows, django_assert_num_queries):
    for _ in range(rows):
        PartnershipFactory(institution=world.institution_b)
    # session, user, count, page of partners (with county and partnership count), counties for the filter
    with django_assert_num_queries(5):
        assert kwp_client.get(reverse("partners:list")).status_code == 200


def test_directory_list_filters_by_kind(kwp_client, world):
    PartnerFactory(name="Straż Gminna w Zielonkach", kind="municipal_guard")
    response = kwp_client.get(reverse("partners:list"), {"kind": "municipal_guard"})
    assert [p.name for p in response.context["page"]] == ["Straż Gminna w Zielonkach"]


def test_kwp_creates_a_partner(kwp_client, world):
    data = {"name": "Fundacja Dajemy Dzieciom Siłę", "kind": "ngo", "county": county("1261").pk,
            "contact_person": "", "email": "", "phone": ""}
    response = kwp_client.post(reverse("partners:create"), data)
    partner = Partner.objects.get(name="Fundacja Dajemy Dzieciom Siłę")
    assert response.url == partner.get_absolute_url()


def test_kwp_edits_a_partner(kwp_client, world):
    data = {"name": "Urząd Miasta Bochnia", "kind": "local_government", "county": county("1201").pk,
            "contact_person": "Marek Wójcik", "email": "", "phone": ""}
    kwp_client.post(reverse("partners:edit", args=[world.partner.pk]), data)
    world.partner.refresh_from_db()
    assert world.partner.contact_person == "Marek Wójcik"


def test_partner_page_shows_partnerships_and_likely_duplicates(kwp_client, world):
    html = kwp_client.get(world.partner.get_absolute_url()).content.decode()
    assert world.institution_a.name in html
    assert "Prawdopodobne duplikaty" in html and "Urzad Miasta Bochnia" in html


def test_merge_needs_two_partners(kwp_client, world):
    response = kwp_client.get(reverse("partners:merge"), {"partners": [world.partner.pk]})
    assert response.url == reverse("partners:list")


def test_merge_confirm_page_shows_what_moves_and_changes_nothing(kwp_client, world):
    PartnershipFactory(institution=world.institution_b, partner=world.partner_duplicate)
    data = {"partners": [world.partner.pk, world.partner_duplicate.pk], "keep": world.partner.pk}
    html = kwp_client.post(reverse("partners:merge-confirm"), data).content.decode()
    assert "1 partnerstwo zostanie przeniesione do: Urząd Miasta Bochnia" in html
    assert world.institution_b.name in html
    assert Partner.objects.filter(pk=world.partner_duplicate.pk).exists()


def test_merge_confirmed(kwp_client, world):
    PartnershipFactory(institution=world.institution_b, partner=world.partner_duplicate)
    data = {"partners": [world.partner.pk, world.partner_duplicate.pk], "keep": world.partner.pk, "confirm": "1"}
    response = kwp_client.post(reverse("partners:merge-confirm"), data)
    assert response.url == world.partner.get_absolute_url()
    assert not Partner.objects.filter(pk=world.partner_duplicate.pk).exists()
    assert world.partner.partnerships.count() == 2


def test_merge_keep_must_be_among_the_selected(kwp_client, world):
    other = PartnerFactory()
    data = {"partners": [world.partner.pk, world.partner_duplicate.pk], "keep": other.pk, "confirm": "1"}
    response = kwp_client.post(reverse("partners:merge-confirm"), data)
    assert "Partner, który zostaje, musi być jednym z zaznaczonych." in response.content.decode()
    assert Partner.objects.count() == 3


def test_kwp_adds_a_partner_to_any_institution(kwp_client, world):
    url = reverse("partners:partnership-add-existing", args=[world.institution_b.pk, world.partner.pk])
    kwp_client.post(url, {"started_on": "2025-09-01", "scope": "Spotkania z dzielnicowym"})
    assert world.institution_b.partnerships.filter(partner=world.partner).exists()


@pytest.mark.parametrize("name", ["partner", "partnership"])
def test_admin_pages_work(client, world, name):
    world.kwp.is_superuser = world.kwp.is_staff = True
    world.kwp.save()
    client.force_login(world.kwp)
    obj = world.partner if name == "partner" else world.partnership_a
    assert client.get(reverse(f"admin:partners_{name}_changelist"), {"q": "Bochnia"}).status_code == 200
    assert client.get(reverse(f"admin:partners_{name}_change", args=[obj.pk])).status_code == 200


def test_the_partner_page_shows_its_partnerships_a_page_at_a_time(kwp_client, monkeypatch):
    monkeypatch.setattr("partners.views.PAGE_SIZE", 2)
    partner = PartnerFactory()
    for _ in range(3):
        PartnershipFactory(partner=partner)
    response = kwp_client.get(reverse("partners:detail", args=[partner.pk]))
    assert len(response.context["partnerships"]) == 2 and response.context["partnerships"].paginator.count == 3
    assert "page=2#partnerships-heading" in response.content.decode()
    assert len(kwp_client.get(reverse("partners:detail", args=[partner.pk]), {"page": 2}).context["partnerships"]) == 1
