import datetime

import pytest
from django.dispatch import Signal
from django.urls import reverse

from audits.models import Edition, Enrolment, Stage
from audits.tests.factories import EditionFactory, EnrolmentFactory
from audits.tests.factories_editions import open_edition, rulebooks_in_force
from institutions.tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def office(client, people):
    client.force_login(people.kwp)
    return client


@pytest.fixture
def coordinator_client(client, people):
    client.force_login(people.coordinator)
    return client


@pytest.mark.parametrize("rows", [1, 10])
def test_the_edition_list_is_flat_in_queries(office, django_assert_num_queries, rows):
    for year in range(2030, 2030 + rows):
        EditionFactory(start_year=year)
    # session, user, editions with their rulebooks and enrolment counts
    with django_assert_num_queries(3):
        assert office.get(reverse("audits:edition-list")).status_code == 200


@pytest.mark.parametrize("rows", [1, 10])
def test_the_edition_page_is_flat_in_queries(office, django_assert_num_queries, rows, today, monkeypatch):
    monkeypatch.setattr("audits.views.editions.edition_sections", Signal())  # other parts' sections count their own
    edition = open_edition()
    EnrolmentFactory.create_batch(rows, edition=edition)
    # session, user, edition with counts, stage counts, page count, enrolments with institution, county and
    # self-assessment, withdrawn enrolments
    with django_assert_num_queries(7):
        assert office.get(edition.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("rows", [1, 10])
def test_the_enrol_page_is_flat_in_queries(office, django_assert_num_queries, rows, today):
    edition = open_edition()
    InstitutionFactory.create_batch(rows)
    # session, user, edition, count and page of institutions with county, counties for the filter
    with django_assert_num_queries(6):
        assert office.get(reverse("audits:edition-enrol", args=[edition.pk])).status_code == 200


def test_the_new_edition_form_is_prefilled_with_the_defaults(office, today):
    rulebooks_in_force(2026)

    form = office.get(reverse("audits:edition-create")).context["form"]

    assert (form.initial["start_year"], form.initial["audit_window_start"]) == (2026, D(2027, 5, 1))


def test_an_audit_window_outside_may_and_june_is_refused_with_a_polish_message(office, today):
    rulebooks = rulebooks_in_force(2026)

    response = office.post(
        reverse("audits:edition-create"),
        {
            "start_year": 2026,
            "spb_rulebook": rulebooks["spb_rulebook"].pk,
            "uwpb_rulebook": rulebooks["uwpb_rulebook"].pk,
            "enrolment_opens": "2026-09-01",
            "enrolment_closes": "2026-10-31",
            "self_assessment_deadline": "2027-03-31",
            "audit_window_start": "2027-04-15",
            "audit_window_end": "2027-06-30",
        },
    )

    assert "Audyty odbywają się w maju i czerwcu" in response.content.decode()
    assert not Edition.objects.exists()


def test_kwp_enrols_several_institutions_at_once(office, people, today):
    edition = open_edition()

    office.post(reverse("audits:edition-enrol", args=[edition.pk]),
                {"institutions": [people.school.pk, people.other_school.pk], "stage": ""})

    assert set(edition.enrolments.values_list("institution", flat=True)) == {people.school.pk, people.other_school.pk}


def test_a_coordinator_sees_the_stage_offered(coordinator_client, people, today, certificates):
    certificates(people.school, granted_on=D(2025, 10, 15))
    edition = open_edition()

    page = coordinator_client.get(reverse("audits:enrolment-create", args=[edition.pk, people.school.pk]))

    assert page.context["form"]["stage"].value() == Stage.EXTENSION


def test_the_start_page_shows_the_stage_the_history_offers(coordinator_client, people, today, certificates):
    people.school.joined_on = D(2010, 9, 1)  # long in the programme, yet only stage I: not the Lider title
    people.school.save()
    certificates(people.school, granted_on=D(2025, 10, 15))
    open_edition()

    page = coordinator_client.get(reverse("dashboard")).content.decode()

    assert "proponowany etap: Przedłużenie certyfikatu (etap II)" in page


def test_a_coordinator_enrols_their_institution(coordinator_client, people, today):
    edition = open_edition()

    response = coordinator_client.post(reverse("audits:enrolment-create", args=[edition.pk, people.school.pk]),
                                       {"stage": Stage.CERTIFICATE})

    enrolment = Enrolment.objects.get(edition=edition, institution=people.school)
    assert response.url == enrolment.get_absolute_url()


def test_a_coordinator_cannot_open_the_enrolment_of_another_institution(coordinator_client, people, today):
    response = coordinator_client.get(
        reverse("audits:enrolment-create", args=[open_edition().pk, people.other_school.pk])
    )

    assert response.status_code == 404


def test_a_coordinator_is_told_when_enrolment_is_closed(coordinator_client, people, today):
    edition = open_edition(enrolment_closes=D(2026, 10, 31))

    page = coordinator_client.get(reverse("audits:enrolment-create", args=[edition.pk, people.school.pk]))

    content = page.content.decode()
    assert "31.10.2026" in content and 'name="stage"' not in content


def test_the_coordinator_start_page_offers_enrolment(coordinator_client, people, today):
    edition = open_edition()

    page = coordinator_client.get(reverse("dashboard")).content.decode()

    assert reverse("audits:enrolment-create", args=[edition.pk, people.school.pk]) in page


def test_the_kwp_start_page_counts_the_current_editions_enrolments(office, today):
    edition = open_edition()
    EnrolmentFactory.create_batch(3, edition=edition)

    section = next(
        s for s in office.get(reverse("dashboard")).context["sections"] if s.template.startswith("audits/edition")
    )

    assert section.context["total"] == 3


def test_the_institution_page_lists_its_enrolments(coordinator_client, people, today):
    enrolment = EnrolmentFactory(edition=open_edition(), institution=people.school)

    page = coordinator_client.get(people.school.get_absolute_url()).content.decode()

    assert enrolment.get_absolute_url() in page


def test_the_menu_shows_editions_to_kwp_staff(office):
    assert "Edycje" in office.get(reverse("dashboard")).content.decode()


def test_the_menu_hides_editions_from_coordinators(coordinator_client):
    assert reverse("audits:edition-list") not in coordinator_client.get(reverse("dashboard")).content.decode()


def test_kwp_extends_the_deadline_through_the_form(office, people, today):
    enrolment = EnrolmentFactory(edition=open_edition(), institution=people.school)

    office.post(reverse("audits:enrolment-extend", args=[enrolment.pk]), {"until": "2027-04-20"})

    enrolment.refresh_from_db()
    assert enrolment.deadline_extended_until == D(2027, 4, 20)


def test_kwp_withdraws_an_enrolment(office, people, today):
    enrolment = EnrolmentFactory(edition=open_edition(), institution=people.school)

    office.post(reverse("audits:enrolment-withdraw", args=[enrolment.pk]))

    assert not Enrolment.objects.filter(pk=enrolment.pk).exists()


def test_kwp_sees_why_an_edition_whose_audits_are_over_takes_no_more_enrolments(office, today):
    edition = EditionFactory(start_year=2020)  # its audits ended in 2021
    page = office.get(reverse("audits:edition-detail", args=[edition.pk])).text
    assert "już się zakończyły" in page  # the reason: the audits of the edition are over
    assert reverse("audits:edition-enrol", args=[edition.pk]) not in page
