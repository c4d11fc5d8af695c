"""The coordinator picker on the institution page: a search of a few candidates, never a select of all of them."""

import pytest
from django.urls import reverse

from institutions.selectors import PICKER_LIMIT
from institutions.tests.factories import AuditorFactory, UserFactory

pytestmark = pytest.mark.usefixtures("reference_data")


def search(client, institution, query: str):
    return client.get(reverse("institutions:coordinator-search", args=[institution.pk]), {"query": query},
                      HTTP_HX_REQUEST="true")


def add(client, institution, **data):
    return client.post(reverse("institutions:coordinator-add", args=[institution.pk]), data, follow=True)


def test_the_page_sends_no_list_of_coordinators(kwp_client, world):
    UserFactory.create_batch(30)
    response = kwp_client.get(world.institution_a.get_absolute_url())
    assert "<option" not in response.text.split('id="coordinator-q"')[1].split("</form>")[0]
    assert world.coordinator_b.username not in response.text


def test_search_finds_candidates_by_name_login_or_email(kwp_client, world):
    ewa = UserFactory(first_name="Ewa", last_name="Zielińska", username="ezielinska", email="ewa.z@szkola.pl")
    for query in ("Ziel", "ezielin", "ewa.z@", "ewa ziel"):
        assert [p.pk for p in search(kwp_client, world.institution_a, query).context["results"]] == [ewa.pk], query


def test_search_offers_only_active_coordinators_not_yet_coordinating(kwp_client, world):
    UserFactory(last_name="Wrona-Aktywna")
    UserFactory(last_name="Wrona-Nieaktywna", is_active=False)
    AuditorFactory(last_name="Wrona-Audytor")
    coordinator = world.coordinator_a
    coordinator.last_name = "Wrona-Obecna"
    coordinator.save()
    results = search(kwp_client, world.institution_a, "Wrona").context["results"]
    assert [p.last_name for p in results] == ["Wrona-Aktywna"]


def test_search_needs_two_characters_and_sends_a_bounded_list(kwp_client, world):
    UserFactory.create_batch(PICKER_LIMIT + 5, last_name="Nowak")
    assert "Wpisz co najmniej 2 znaki." in search(kwp_client, world.institution_a, "N").text
    response = search(kwp_client, world.institution_a, "Nowak")
    assert len(response.context["results"]) == PICKER_LIMIT and response.context["more"]
    assert response.text.count('type="radio"') == PICKER_LIMIT


def test_search_costs_the_same_queries_for_few_or_many_people(kwp_client, world, django_assert_max_num_queries):
    UserFactory.create_batch(40, last_name="Kowal")
    # session, user, institution, candidates
    with django_assert_max_num_queries(4):
        search(kwp_client, world.institution_a, "Kowal")


def test_the_picked_person_is_added(kwp_client, world):
    person = UserFactory(last_name="Sowa")
    response = add(kwp_client, world.institution_a, query="Sowa", user=person.pk)
    assert "Koordynator został dodany." in response.text
    assert person in world.institution_a.coordinators.all()


def test_without_javascript_a_typed_login_email_or_unique_name_is_looked_up(kwp_client, world):
    by_login, by_email, by_name = (UserFactory(username="jkos"), UserFactory(email="ala@szkola.pl"),
                                   UserFactory(first_name="Jerzy", last_name="Czapla"))
    for person, query in ((by_login, "JKOS"), (by_email, "ala@szkola.pl"), (by_name, "jerzy czapla")):
        add(kwp_client, world.institution_a, query=query)
        assert person in world.institution_a.coordinators.all(), query


def test_an_ambiguous_or_unknown_name_adds_no_one(kwp_client, world):
    UserFactory.create_batch(2, last_name="Kruk")
    for query in ("Kruk", "Nikt Taki", ""):
        response = add(kwp_client, world.institution_a, query=query)
        assert "Wybierz koordynatora z listy." in response.text
    assert list(world.institution_a.coordinators.all()) == [world.coordinator_a]


def test_a_pk_outside_the_candidates_is_refused(kwp_client, world):
    response = add(kwp_client, world.institution_a, user=world.auditor.pk, query="")
    assert "Wybierz koordynatora z listy." in response.text
    assert list(world.institution_a.coordinators.all()) == [world.coordinator_a]


def test_the_search_of_another_institution_the_user_may_not_write_is_refused(client, world):
    client.force_login(world.coordinator_a)
    assert search(client, world.institution_a, "ko").status_code == 403
