import pytest
from django.urls import reverse

from audits.models import Criterion
from audits.tests.factories import EditionFactory, RulebookFactory
from institutions.models import Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client, people):
    client.force_login(people.kwp)
    return client


@pytest.mark.parametrize("rows", [1, 10])
def test_the_rulebook_list_is_flat_in_queries(office, django_assert_num_queries, rows):
    RulebookFactory.create_batch(rows, programme=Programme.SPB)
    # session, user, rulebooks with their sums, criteria counts and lock flags (subqueries) in one query
    with django_assert_num_queries(3):
        assert office.get(reverse("audits:rulebook-list")).status_code == 200


def test_the_rulebook_page_shows_the_catalogue(office):
    rulebook = RulebookFactory()

    response = office.get(rulebook.get_absolute_url())

    assert "Zintegrowany plan działania" in response.content.decode()


def test_a_locked_rulebook_page_explains_the_lock_and_hides_editing(office):
    rulebook = EditionFactory().spb_rulebook

    page = office.get(rulebook.get_absolute_url()).content.decode()

    assert "zablokowana" in page
    assert reverse("audits:rulebook-edit", args=[rulebook.pk]) not in page
    assert (
        reverse("audits:criterion-edit", args=[Criterion.objects.filter(area__rulebook=rulebook).first().pk])
        not in page
    )


def test_an_unlocked_rulebook_page_offers_editing(office):
    rulebook = RulebookFactory()

    page = office.get(rulebook.get_absolute_url()).content.decode()

    assert reverse("audits:rulebook-edit", args=[rulebook.pk]) in page


def test_the_rulebook_page_shows_the_sum_and_the_difference_when_it_does_not_add_up(office):
    rulebook = RulebookFactory(catalogue=[("Diagnoza", [("1.1", "Ankiety", 30, False)])])

    page = office.get(rulebook.get_absolute_url()).content.decode()

    assert "30 pkt, a maksimum to 35" in page and "Różnica: 5" in page


def test_editing_a_locked_rulebook_sends_back_with_a_message(office):
    rulebook = EditionFactory().spb_rulebook

    response = office.get(reverse("audits:rulebook-edit", args=[rulebook.pk]), follow=True)

    assert "Utwórz na jej podstawie nową wersję" in response.content.decode()


def test_adding_a_criterion_through_the_form(office):
    rulebook = RulebookFactory(catalogue=[("Diagnoza", [("1.1", "Ankiety", 30, False)])])
    area = rulebook.areas.get()

    office.post(reverse("audits:criterion-create", args=[area.pk]), {
        "code": "1.2", "title": "Wizja lokalna", "max_points": 5, "position": 2,
        "guidance_coordinator": "Opisz wizję.", "guidance_auditor": "Sprawdź protokół."})

    assert Criterion.objects.filter(area=area, code="1.2", max_points=5).exists()


def test_making_a_new_version_through_the_form(office):
    rulebook = EditionFactory().spb_rulebook

    response = office.post(reverse("audits:rulebook-copy", args=[rulebook.pk]),
                           {"name": "Regulamin (wersja 2027)", "effective_from": "2027-09-01"})

    copy = rulebook.copies.get()
    assert response.url == copy.get_absolute_url()
    assert copy.areas.count() == rulebook.areas.count()
