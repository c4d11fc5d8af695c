"""Carrying unfinished work over from the previous edition's self-assessment (services/carry_over.py)."""

import datetime

import pytest
from django.urls import reverse

from audits.models import ActionPlanItem, SelfAssessment
from audits.services.carry_over import self_assessment_carry_over
from audits.services.self_assessments import SelfAssessmentError
from audits.tests.factories_self_assessments import ActionPlanItemFactory, free_edition, self_assessment_for
from institutions.tests.factories import InstitutionFactory
from partners.tests.factories import PartnershipFactory

Status = ActionPlanItem.Status


@pytest.fixture
def two_editions(world):
    """Institution A's self-assessment of one edition (with a plan of four items) and a fresh one a year later."""
    old_edition = free_edition(2060)
    new_edition = free_edition(old_edition.start_year + 1)
    old = self_assessment_for(world.institution_a, edition=old_edition, status=SelfAssessment.Status.ACCEPTED,
                              dangerous_places="Szatnia, przejście przy boisku.")
    live = PartnershipFactory(institution=world.institution_a)
    ended = PartnershipFactory(institution=world.institution_a, ended_on=datetime.date(2025, 6, 30))
    planned = ActionPlanItemFactory(self_assessment=old, goal="Bezpieczna szatnia", status=Status.PLANNED,
                                    deadline=datetime.date(2061, 2, 28))
    planned.partnerships.set([live, ended])
    ActionPlanItemFactory(self_assessment=old, goal="Monitoring boiska", status=Status.IN_PROGRESS)
    ActionPlanItemFactory(self_assessment=old, goal="Warsztaty", status=Status.DONE)
    ActionPlanItemFactory(self_assessment=old, goal="Porzucone", status=Status.DROPPED)
    new = self_assessment_for(world.institution_a, edition=new_edition)
    return old, new, live


def test_it_copies_unfinished_items_marked_with_their_source(world, two_editions):
    old, new, live = two_editions
    result = self_assessment_carry_over(assessment=new, by=world.coordinator_a)
    assert (result.source, result.items, result.dangerous_places) == (old, 2, True)
    copies = {item.goal: item for item in new.action_items.all()}
    assert set(copies) == {"Bezpieczna szatnia", "Monitoring boiska"}
    szatnia = copies["Bezpieczna szatnia"]
    assert szatnia.carried_over_from.self_assessment == old
    assert szatnia.status == Status.PLANNED
    assert szatnia.deadline == datetime.date(2062, 2, 28)  # a year later, like the edition
    assert list(szatnia.partnerships.all()) == [live]  # the ended partnership is not relinked


def test_it_copies_the_dangerous_places_and_marks_them(world, two_editions):
    old, new, _live = two_editions
    self_assessment_carry_over(assessment=new, by=world.coordinator_a)
    new.refresh_from_db()
    assert new.dangerous_places == "Szatnia, przejście przy boisku."
    assert new.dangerous_places_carried_over
    assert new.carried_over_from == old


def test_it_never_overwrites_dangerous_places_already_typed(world, two_editions):
    _old, new, _live = two_editions
    SelfAssessment.objects.filter(pk=new.pk).update(dangerous_places="Parking.")
    result = self_assessment_carry_over(assessment=new, by=world.coordinator_a)
    new.refresh_from_db()
    assert not result.dangerous_places
    assert (new.dangerous_places, new.dangerous_places_carried_over) == ("Parking.", False)


def test_copying_twice_does_not_duplicate(world, two_editions):
    _old, new, _live = two_editions
    self_assessment_carry_over(assessment=new, by=world.coordinator_a)
    again = self_assessment_carry_over(assessment=new, by=world.coordinator_a)
    assert again.already and again.items == 0
    assert new.action_items.count() == 2


def test_it_bumps_the_diagnosis_version_so_an_older_form_is_refused(world, two_editions):
    _old, new, _live = two_editions
    version = new.version
    self_assessment_carry_over(assessment=new, by=world.coordinator_a)
    new.refresh_from_db()
    assert new.version == version + 1


def test_without_an_earlier_self_assessment_it_refuses(world):
    assessment = self_assessment_for(InstitutionFactory(coordinators=[world.coordinator_a]), edition=free_edition())
    with pytest.raises(SelfAssessmentError, match="Brak samooceny z wcześniejszej edycji"):
        self_assessment_carry_over(assessment=assessment, by=world.coordinator_a)


def test_a_submitted_self_assessment_is_not_changed(world, two_editions):
    _old, new, _live = two_editions
    SelfAssessment.objects.filter(pk=new.pk).update(status=SelfAssessment.Status.SUBMITTED)
    new.refresh_from_db()
    with pytest.raises(SelfAssessmentError):
        self_assessment_carry_over(assessment=new, by=world.coordinator_a)
    assert not new.action_items.exists()


def test_the_start_page_offers_it_and_the_check_box_carries_over(client, world, two_editions):
    old, new, _live = two_editions
    enrolment = new.enrolment
    new.delete()
    client.force_login(world.coordinator_a)
    url = reverse("audits:self-assessment-open", args=[enrolment.pk])
    assert f"Przenieś z edycji {old.enrolment.edition.name}" in client.get(url).text
    client.post(url, {"carry_over": "1"})
    created = SelfAssessment.objects.get(enrolment=enrolment)
    assert created.action_items.count() == 2
    plan = client.get(reverse("audits:self-assessment-plan", args=[created.pk])).text
    assert f"przeniesione z edycji {old.enrolment.edition.name}" in plan
    assert "carry-over-heading" not in plan  # the offer is gone once taken


def test_starting_without_the_check_box_copies_nothing(client, world, two_editions):
    _old, new, _live = two_editions
    enrolment = new.enrolment
    new.delete()
    client.force_login(world.coordinator_a)
    client.post(reverse("audits:self-assessment-open", args=[enrolment.pk]))
    assert not SelfAssessment.objects.get(enrolment=enrolment).action_items.exists()


def test_the_plan_tab_button_carries_over(client, world, two_editions):
    _old, new, _live = two_editions
    client.force_login(world.coordinator_a)
    assert "carry-over-heading" in client.get(reverse("audits:self-assessment-plan", args=[new.pk])).text
    response = client.post(reverse("audits:self-assessment-carry-over", args=[new.pk]), follow=True)
    assert "2 niezakończone działania przeniesiono z edycji" in response.text
    assert new.action_items.count() == 2


def test_it_carries_the_unresolved_dangerous_places_with_their_actions(world, two_editions):
    from audits.models import DangerousPlace

    old, new, _live = two_editions
    item = old.action_items.get(goal="Bezpieczna szatnia")
    old.places.create(place="Szatnia", kind="building", source="inspection", action_item=item,
                      status=DangerousPlace.Status.IN_PROGRESS, reinspect_on=datetime.date(2061, 3, 1))
    old.places.create(place="Przejście", kind="road", source="police", status=DangerousPlace.Status.RESOLVED)
    self_assessment_carry_over(assessment=new, by=world.coordinator_a)
    copy = new.places.get()
    assert (copy.place, copy.status, copy.carried_over_from.self_assessment) == ("Szatnia", "in_progress", old)
    assert copy.action_item == new.action_items.get(goal="Bezpieczna szatnia")
    self_assessment_carry_over(assessment=new, by=world.coordinator_a)
    assert new.places.count() == 1
