import datetime

import pytest
from django.utils import timezone

from audits.models import CriterionAnswer, SelfAssessment, SelfAssessmentEvent
from audits.selectors.self_assessments import self_assessment_missing
from audits.services.self_assessments import (
    ConflictError,
    IncompleteError,
    SelfAssessmentError,
    TransitionError,
    action_item_delete,
    action_item_update,
    criterion_answer_save,
    evidence_delete,
    self_assessment_accept,
    self_assessment_diagnosis_save,
    self_assessment_open,
    self_assessment_return,
    self_assessment_submit,
)
from audits.tests.factories import answer_all
from audits.tests.factories_self_assessments import (
    ActionPlanItemFactory,
    EvidenceFactory,
    complete,
    enrolment_for,
    fill_diagnosis,
    self_assessment_for,
)

Status = SelfAssessment.Status
DIAGNOSIS = {
    "surveyed_students": 100, "surveyed_parents": 50, "surveyed_teachers": 20,
    "site_inspection_date": datetime.date(2026, 10, 1), "diagnosis_findings": "Wnioski A",
    "dangerous_places": "Boisko",
}


@pytest.fixture
def draft(world):
    return self_assessment_for(world.institution_a)


@pytest.fixture
def ready(world, media_root):
    return complete(self_assessment_for(world.institution_a))


def submitted(world, assessment: SelfAssessment) -> SelfAssessment:
    return self_assessment_submit(assessment=assessment, by=world.coordinator_a)


# --- Opening ---------------------------------------------------------------------------------


def test_open_creates_a_draft_once(world):
    enrolment = enrolment_for(world.institution_a)
    first = self_assessment_open(enrolment=enrolment, by=world.coordinator_a)
    second = self_assessment_open(enrolment=enrolment, by=world.coordinator_a)
    assert first.pk == second.pk
    assert first.status == Status.DRAFT
    assert SelfAssessmentEvent.objects.filter(self_assessment=first).count() == 1


# --- Completeness ------------------------------------------------------------------------------


def test_complete_self_assessment_misses_nothing(ready):
    assert self_assessment_missing(ready) == []


def test_empty_diagnosis_is_missing(world, media_root):
    assessment = complete(self_assessment_for(world.institution_a))
    SelfAssessment.objects.filter(pk=assessment.pk).update(dangerous_places=" ")
    assessment.refresh_from_db()
    [missing] = self_assessment_missing(assessment)
    assert "Diagnoza" in missing and "niebezpieczne miejsca" in missing


def test_zero_surveyed_parents_counts_as_filled(world, media_root):
    assessment = complete(self_assessment_for(world.institution_a))
    SelfAssessment.objects.filter(pk=assessment.pk).update(surveyed_parents=0)
    assessment.refresh_from_db()
    assert self_assessment_missing(assessment) == []


def test_empty_action_plan_is_missing(ready):
    ready.action_items.all().delete()
    assert self_assessment_missing(ready) == ["Plan działania: dodaj co najmniej jedno działanie."]


def test_unscored_criteria_are_listed_by_code(ready):
    CriterionAnswer.objects.filter(self_assessment=ready, criterion__code__in=["1.2", "2.2"]).update(score=None)
    assert self_assessment_missing(ready) == ["Kryteria bez samooceny punktowej: 1.2, 2.2."]


def test_missing_required_evidence_is_listed(ready):
    for answer in ready.answers.all():
        answer.evidence.all().delete()
    assert self_assessment_missing(ready) == ["Kryteria wymagające dowodów, do których nie dodano pliku: 1.1."]


def test_evidence_on_a_criterion_that_does_not_require_it_does_not_count(world, media_root):
    assessment = self_assessment_for(world.institution_a)
    fill_diagnosis(assessment)
    ActionPlanItemFactory(self_assessment=assessment)
    answers = answer_all(assessment)
    EvidenceFactory(answer=next(a for a in answers if not a.criterion.evidence_required))
    assert self_assessment_missing(assessment) == ["Kryteria wymagające dowodów, do których nie dodano pliku: 1.1."]


# --- Submission and the deadline ---------------------------------------------------------------


def test_submit_records_status_time_and_history(world, ready):
    assessment = submitted(world, ready)
    assert assessment.status == Status.SUBMITTED
    assert assessment.submitted_at is not None
    event = assessment.events.get()
    assert (event.by, event.from_status, event.to_status) == (world.coordinator_a, Status.DRAFT, Status.SUBMITTED)


def test_incomplete_self_assessment_is_not_submitted(world, draft):
    with pytest.raises(IncompleteError) as error:
        self_assessment_submit(assessment=draft, by=world.coordinator_a)
    assert "Plan działania: dodaj co najmniej jedno działanie." in error.value.missing
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_submit_on_the_deadline_day_is_accepted(world, ready):
    deadline = ready.enrolment.self_assessment_deadline
    assessment = self_assessment_submit(assessment=ready, by=world.coordinator_a, today=deadline)
    assert assessment.status == Status.SUBMITTED


def test_submit_after_the_deadline_is_refused(world, ready):
    deadline = ready.enrolment.self_assessment_deadline
    with pytest.raises(TransitionError, match="Termin złożenia samooceny minął " + deadline.strftime("%d.%m.%Y")):
        self_assessment_submit(assessment=ready, by=world.coordinator_a, today=deadline + datetime.timedelta(days=1))
    ready.refresh_from_db()
    assert ready.status == Status.DRAFT


def test_extension_allows_submission_after_the_editions_deadline(world, ready):
    enrolment = ready.enrolment
    late = enrolment.edition.self_assessment_deadline + datetime.timedelta(days=5)
    enrolment.deadline_extended_until = late
    enrolment.save()
    assessment = self_assessment_submit(assessment=ready, by=world.coordinator_a, today=late)
    assert assessment.status == Status.SUBMITTED


def test_deadline_is_compared_with_the_date_in_warsaw(world, ready, monkeypatch):
    deadline = ready.enrolment.self_assessment_deadline
    # 23:30 UTC on the deadline day is already the next day in Warsaw.
    late_evening_utc = datetime.datetime.combine(deadline, datetime.time(23, 30), tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: late_evening_utc)
    with pytest.raises(TransitionError):
        self_assessment_submit(assessment=ready, by=world.coordinator_a)


def test_returned_self_assessment_can_be_resubmitted_after_the_deadline(world, ready):
    self_assessment_return(assessment=submitted(world, ready), by=world.kwp, comment="Uzupełnij dowody.")
    deadline = ready.enrolment.self_assessment_deadline
    assessment = self_assessment_submit(
        assessment=ready, by=world.coordinator_a, today=deadline + datetime.timedelta(days=20)
    )
    assert assessment.status == Status.SUBMITTED


def test_double_submit_is_refused_without_a_second_event(world, ready):
    submitted(world, ready)
    with pytest.raises(TransitionError, match="już złożona"):
        self_assessment_submit(assessment=ready, by=world.coordinator_a)
    assert ready.events.filter(to_status=Status.SUBMITTED).count() == 1


# --- Review ------------------------------------------------------------------------------------


def test_return_requires_a_comment(world, ready):
    assessment = submitted(world, ready)
    with pytest.raises(TransitionError):
        self_assessment_return(assessment=assessment, by=world.kwp, comment="   ")
    assessment.refresh_from_db()
    assert assessment.status == Status.SUBMITTED


def test_return_records_the_comment_and_makes_it_editable(world, ready):
    assessment = self_assessment_return(assessment=submitted(world, ready), by=world.kwp, comment="Brak protokołu.")
    assert assessment.is_editable
    event = assessment.events.last()
    assert (event.by, event.from_status, event.to_status, event.note) == (
        world.kwp, Status.SUBMITTED, Status.RETURNED, "Brak protokołu.")


def test_only_kwp_staff_return(world, ready):
    assessment = submitted(world, ready)
    with pytest.raises(TransitionError):
        self_assessment_return(assessment=assessment, by=world.coordinator_a, comment="Sam sobie zwracam.")


def test_accept_a_submitted_self_assessment(world, ready):
    assessment = self_assessment_accept(assessment=submitted(world, ready), by=world.kwp)
    assert assessment.status == Status.ACCEPTED
    assert not assessment.is_editable


@pytest.mark.parametrize("status", [Status.DRAFT, Status.RETURNED, Status.ACCEPTED])
def test_accept_is_refused_unless_submitted(world, status):
    assessment = self_assessment_for(world.institution_a, status=status)
    with pytest.raises(TransitionError):
        self_assessment_accept(assessment=assessment, by=world.kwp)
    assert not assessment.events.exists()


@pytest.mark.parametrize("status", [Status.DRAFT, Status.RETURNED, Status.ACCEPTED])
def test_return_is_refused_unless_submitted(world, status):
    assessment = self_assessment_for(world.institution_a, status=status)
    with pytest.raises(TransitionError):
        self_assessment_return(assessment=assessment, by=world.kwp, comment="Uwagi")


def test_accepted_self_assessment_cannot_be_submitted_again(world, ready):
    self_assessment_accept(assessment=submitted(world, ready), by=world.kwp)
    with pytest.raises(TransitionError):
        self_assessment_submit(assessment=ready, by=world.coordinator_a)


def test_history_records_every_status_change_in_order(world, ready):
    self_assessment_return(assessment=submitted(world, ready), by=world.kwp, comment="Popraw 1.1")
    self_assessment_submit(assessment=ready, by=world.coordinator_a)
    self_assessment_accept(assessment=ready, by=world.kwp, note="Dziękujemy")
    trail = [(e.from_status, e.to_status, e.by) for e in ready.events.all()]
    assert trail == [
        (Status.DRAFT, Status.SUBMITTED, world.coordinator_a),
        (Status.SUBMITTED, Status.RETURNED, world.kwp),
        (Status.RETURNED, Status.SUBMITTED, world.coordinator_a),
        (Status.SUBMITTED, Status.ACCEPTED, world.kwp),
    ]


# --- Editing and concurrent saves --------------------------------------------------------------


def test_diagnosis_save_bumps_the_version(world, draft):
    loaded = draft.version
    assessment = self_assessment_diagnosis_save(
        assessment=draft, version=loaded, data=DIAGNOSIS, by=world.coordinator_a
    )
    assert assessment.version == loaded + 1
    assert assessment.diagnosis_findings == "Wnioski A"


def test_second_diagnosis_save_with_the_same_version_is_refused(world, draft):
    loaded = draft.version  # two tabs load the form
    self_assessment_diagnosis_save(assessment=draft, version=loaded, data=DIAGNOSIS, by=world.coordinator_a)
    with pytest.raises(ConflictError, match="nie zostały zapisane"):
        self_assessment_diagnosis_save(
            assessment=draft,
            version=loaded,
            data={**DIAGNOSIS, "diagnosis_findings": "Wnioski B"},
            by=world.coordinator_a,
        )
    draft.refresh_from_db()
    assert draft.diagnosis_findings == "Wnioski A"


def test_second_first_answer_to_a_criterion_is_refused(world, draft):
    criterion = draft.enrolment.rulebook.areas.first().criteria.first()
    save = dict(assessment=draft, criterion=criterion, version=0, description="", by=world.coordinator_a)
    criterion_answer_save(**save, score=3)
    with pytest.raises(ConflictError):
        criterion_answer_save(**save, score=7)
    assert CriterionAnswer.objects.get(self_assessment=draft, criterion=criterion).score == 3


def test_stale_criterion_save_is_refused(world, draft):
    criterion = draft.enrolment.rulebook.areas.first().criteria.first()
    answer = criterion_answer_save(
        assessment=draft, criterion=criterion, version=0, score=1, description="", by=world.coordinator_a
    )
    criterion_answer_save(
        assessment=draft,
        criterion=criterion,
        version=answer.version,
        score=2,
        description="pierwszy",
        by=world.coordinator_a,
    )
    with pytest.raises(ConflictError):
        criterion_answer_save(assessment=draft, criterion=criterion, version=answer.version, score=9,
                              description="drugi", by=world.coordinator_b)
    answer.refresh_from_db()
    assert (answer.score, answer.description) == (2, "pierwszy")


def test_score_above_the_criterions_maximum_is_refused(world, draft):
    criterion = draft.enrolment.rulebook.areas.first().criteria.get(code="1.2")  # max 5
    with pytest.raises(SelfAssessmentError):
        criterion_answer_save(
            assessment=draft, criterion=criterion, version=0, score=6, description="", by=world.coordinator_a
        )


def test_stale_action_item_update_is_refused(world, draft):
    item = ActionPlanItemFactory(self_assessment=draft)
    loaded = item.version
    data = {
        "threat": "T",
        "goal": "Pierwszy",
        "action": "A",
        "deadline": item.deadline,
        "status": "planned",
        "effect": "",
    }
    action_item_update(item=item, version=loaded, data=data, partnerships=[], by=world.coordinator_a)
    with pytest.raises(ConflictError):
        action_item_update(item=item, version=loaded, data={**data, "goal": "Drugi"}, partnerships=[],
                           by=world.coordinator_a)
    item.refresh_from_db()
    assert item.goal == "Pierwszy"


def test_stale_action_item_delete_is_refused(world, draft):
    item = ActionPlanItemFactory(self_assessment=draft)
    with pytest.raises(ConflictError):
        action_item_delete(item=item, version=item.version - 1, by=world.coordinator_a)
    assert draft.action_items.filter(pk=item.pk).exists()


def test_partners_of_another_institution_are_refused(world, draft):
    from partners.tests.factories import PartnershipFactory

    item = ActionPlanItemFactory(self_assessment=draft)
    foreign = PartnershipFactory(institution=world.institution_b)
    data = {"threat": "T", "goal": "G", "action": "A", "deadline": item.deadline, "status": "planned", "effect": ""}
    with pytest.raises(SelfAssessmentError):
        action_item_update(item=item, version=item.version, data=data, partnerships=[foreign], by=world.coordinator_a)


def test_submitted_self_assessment_cannot_be_edited(world, ready):
    assessment = submitted(world, ready)
    with pytest.raises(SelfAssessmentError, match="nie może być już zmieniana"):
        self_assessment_diagnosis_save(assessment=assessment, version=assessment.version, data=DIAGNOSIS,
                                       by=world.coordinator_a)


def test_deleting_evidence_removes_the_file_after_commit(world, ready, django_capture_on_commit_callbacks):
    evidence = ready.answers.get(criterion__code="1.1").evidence.get()
    storage, name = evidence.file.storage, evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        evidence_delete(evidence=evidence, by=world.coordinator_a)
    assert not storage.exists(name)
