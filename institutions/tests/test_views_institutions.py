from datetime import date

import pytest
from django.urls import reverse

from institutions.forms import InstitutionContactForm
from institutions.models import Institution, InstitutionType
from institutions.tests.factories import InstitutionFactory, UniversityFactory, UserFactory, county, police_unit

pytestmark = pytest.mark.usefixtures("reference_data")


def form_data(**overrides) -> dict:
    data = {
        "type": InstitutionType.PRIMARY, "name": "Szkoła Podstawowa nr 7 w Wieliczce", "short_name": "",
        "rspo": "77777", "regon": "123456785", "street": "ul. Szkolna", "building": "4", "postal_code": "32-020",
        "town": "Wieliczka", "gmina": "Wieliczka", "county": county("1219").pk, "police_unit": "", "email": "",
        "phone": "", "website": "", "joined_on": "",
    }
    return data | overrides


# --- Create and edit -----------------------------------------------------------------------


def test_kwp_adds_an_institution_served_by_the_county_unit(kwp_client):
    response = kwp_client.post(reverse("institutions:create"), form_data(), follow=True)
    institution = Institution.objects.get(rspo="77777")
    assert institution.police_unit == police_unit("KPP Wieliczka")
    assert response.redirect_chain == [(institution.get_absolute_url(), 302)]
    assert "Placówka została dodana." in response.text
    assert "Komenda Powiatowa Policji w Wieliczce" in response.text


def test_a_duplicate_rspo_number_gets_a_clear_message(kwp_client, world):
    count = Institution.objects.count()
    response = kwp_client.post(reverse("institutions:create"), form_data(rspo=world.institution_a.rspo))
    assert response.status_code == 200
    message = "Ten numer RSPO ma już inna placówka: Szkoła Podstawowa nr 1 w Bochni."
    assert response.context["form"].errors == {"rspo": [message]}
    assert message in response.text
    assert Institution.objects.count() == count


def test_invalid_regon_and_postal_code_are_explained_next_to_the_fields(kwp_client):
    response = kwp_client.post(reverse("institutions:create"), form_data(regon="123456786", postal_code="32020"))
    errors = response.context["form"].errors
    assert errors["regon"] == ["Podaj poprawny REGON: 9 lub 14 cyfr z prawidłową cyfrą kontrolną."]
    assert errors["postal_code"] == ["Podaj kod pocztowy w formacie NN-NNN, np. 30-001."]
    # crispy renders each error right under its field, tied to it by id
    assert 'id="error_1_id_regon"' in response.text and 'id="error_1_id_postal_code"' in response.text
    assert not Institution.objects.filter(rspo="77777").exists()


def test_universities_have_no_rspo_number(kwp_client):
    response = kwp_client.post(reverse("institutions:create"), form_data(type=InstitutionType.UNIVERSITY))
    assert response.context["form"].errors["rspo"] == ["Uczelni nie ma w RSPO – pozostaw numer RSPO pusty."]


def test_kwp_may_choose_another_police_unit(kwp_client, world):
    institution = world.institution_a
    data = form_data(rspo=institution.rspo, county=county("1201").pk, police_unit=police_unit("KWP Kraków").pk)
    kwp_client.post(reverse("institutions:edit", args=[institution.pk]), data)
    institution.refresh_from_db()
    assert institution.police_unit == police_unit("KWP Kraków")


def test_a_coordinator_edits_only_contact_fields(client, coordinator, world):
    institution = world.institution_a
    client.force_login(coordinator)
    response = client.get(reverse("institutions:edit", args=[institution.pk]))
    assert isinstance(response.context["form"], InstitutionContactForm)

    client.post(reverse("institutions:edit", args=[institution.pk]), form_data(
        name="Inna nazwa", rspo="99999", county=county("1261").pk, email="nowy@sp1-bochnia.example.pl",
        postal_code="32-700", town="Bochnia",
    ))
    institution.refresh_from_db()
    assert institution.email == "nowy@sp1-bochnia.example.pl"
    assert (institution.name, institution.county) == ("Szkoła Podstawowa nr 1 w Bochni", county("1201"))
    assert institution.rspo != "99999"


def test_deactivating_keeps_the_institution(kwp_client, world):
    institution = world.institution_a
    response = kwp_client.post(reverse("institutions:toggle-active", args=[institution.pk]), follow=True)
    institution.refresh_from_db()
    assert institution.is_active is False
    assert "Placówka została dezaktywowana. Jej historia została zachowana." in response.text
    assert "Aktywuj" in response.text


def test_the_detail_page_shows_the_data_in_polish(kwp_client, world):
    institution = world.institution_a
    Institution.objects.filter(pk=institution.pk).update(joined_on=date(2014, 9, 1))
    response = kwp_client.get(institution.get_absolute_url())
    for text in ("Szkoła podstawowa", "Szkoła Promująca Bezpieczeństwo", "01.09.2014", "bocheński (1201)",
                 "Komenda Powiatowa Policji w Bochni", "Anna Nowak"):
        assert text in response.text


# --- List ----------------------------------------------------------------------------------


def names(response) -> list[str]:
    return [institution.name for institution in response.context["page"]]


def test_the_list_searches_by_name_rspo_or_town(kwp_client, world):
    url = reverse("institutions:list")
    assert names(kwp_client.get(url, {"q": "tarnow"})) == ["Liceum Ogólnokształcące nr 2 w Tarnowie"]
    assert names(kwp_client.get(url, {"q": world.institution_a.rspo})) == ["Szkoła Podstawowa nr 1 w Bochni"]
    assert names(kwp_client.get(url, {"q": "Bochnia"})) == ["Szkoła Podstawowa nr 1 w Bochni"]


def test_the_list_filters_by_county_type_programme_and_status(kwp_client, world):
    UniversityFactory(name="Uniwersytet Ekonomiczny w Krakowie")
    InstitutionFactory(name="Gimnazjum nr 3 w Bochni", type=InstitutionType.GIMNAZJUM, is_active=False,
                       county=county("1201"))
    url = reverse("institutions:list")
    assert names(kwp_client.get(url, {"county": county("1263").pk})) == ["Liceum Ogólnokształcące nr 2 w Tarnowie"]
    assert names(kwp_client.get(url, {"programme": "UWPB"})) == ["Uniwersytet Ekonomiczny w Krakowie"]
    assert names(kwp_client.get(url, {"type": "gimnazjum"})) == []  # inactive ones are hidden by default
    assert names(kwp_client.get(url, {"type": "gimnazjum", "active": "no"})) == ["Gimnazjum nr 3 w Bochni"]
    assert len(names(kwp_client.get(url, {"active": "all", "county": county("1201").pk}))) == 2


def test_the_list_is_paginated(kwp_client, world):
    InstitutionFactory.create_batch(30)
    response = kwp_client.get(reverse("institutions:list"), {"page": 2, "q": "Krakowie"})
    assert response.context["page"].number == 2
    assert len(names(response)) == 5
    assert "30 placówek" in response.text
    assert "Strona 2 z 2" in response.text


def test_the_count_uses_polish_plural_forms(kwp_client, world):
    response = kwp_client.get(reverse("institutions:list"), {"q": "Bochni"})
    assert "1 placówka" in response.text
    InstitutionFactory.create_batch(4, name="Szkoła w Bochni")
    assert "5 placówek" in kwp_client.get(reverse("institutions:list"), {"q": "Bochni"}).text
    InstitutionFactory.create_batch(17, name="Szkoła w Bochni")
    assert "22 placówki" in kwp_client.get(reverse("institutions:list"), {"q": "Bochni"}).text


def test_coordinators_list_only_their_institutions(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("institutions:list"))
    assert names(response) == ["Szkoła Podstawowa nr 1 w Bochni"]
    assert "Moje placówki" in response.text


@pytest.mark.parametrize("rows", [1, 10])
def test_the_list_costs_the_same_queries_for_1_or_10_rows(client, django_assert_num_queries, rows):
    kwp = UserFactory(role="kwp")
    InstitutionFactory.create_batch(rows)
    client.force_login(kwp)
    # session, user, count, page of institutions with county and police unit, counties for the filter
    with django_assert_num_queries(5):
        assert client.get(reverse("institutions:list")).status_code == 200


# --- Coordinators --------------------------------------------------------------------------


def test_kwp_adds_and_removes_a_coordinator(kwp_client, world):
    institution, person = world.institution_a, UserFactory(first_name="Ewa", last_name="Lis")
    response = kwp_client.post(reverse("institutions:coordinator-add", args=[institution.pk]), {"user": person.pk},
                               follow=True)
    assert "Koordynator został dodany." in response.text
    assert set(institution.coordinators.all()) == {world.coordinator_a, person}

    response = kwp_client.post(reverse("institutions:coordinator-remove", args=[institution.pk, person.pk]),
                               follow=True)
    assert "Koordynator został odłączony od tej placówki." in response.text
    assert list(institution.coordinators.all()) == [world.coordinator_a]


def test_only_coordinators_can_be_added(kwp_client, world):
    institution = world.institution_a
    response = kwp_client.post(reverse("institutions:coordinator-add", args=[institution.pk]),
                               {"user": world.auditor.pk}, follow=True)
    assert "Wybierz koordynatora z listy." in response.text
    assert list(institution.coordinators.all()) == [world.coordinator_a]


def test_the_add_list_offers_only_people_not_yet_coordinating(kwp_client, world):
    response = kwp_client.get(world.institution_a.get_absolute_url())
    offered = list(response.context["coordinator_form"].fields["user"].queryset)
    assert world.coordinator_b in offered and world.coordinator_a not in offered
