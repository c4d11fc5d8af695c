import datetime

import pytest

from audits.models import Edition, SelfAssessment
from audits.models.self_assessments import SelfAssessmentReminder
from audits.services.self_assessments import self_assessment_send_reminders
from audits.tests.factories_self_assessments import enrolment_for, free_edition, self_assessment_for
from core.models import OutgoingEmail

# A date no other test object's deadline is near: the service looks at every enrolment.
TODAY = datetime.date(2051, 2, 10)


def deadline_in(days: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=days)


@pytest.fixture
def edition(world):
    edition = free_edition()
    Edition.objects.filter(pk=edition.pk).update(self_assessment_deadline=deadline_in(14))
    edition.refresh_from_db()
    return edition


def reminders_to(user) -> list[OutgoingEmail]:
    return [e for e in OutgoingEmail.objects.filter(template="self_assessment_reminder") if user.email in e.to]


def test_reminder_14_days_before_goes_to_the_coordinators(world, edition):
    self_assessment_for(world.institution_a, edition=edition)
    assert self_assessment_send_reminders(TODAY) == 1
    [email] = reminders_to(world.coordinator_a)
    assert email.context["days"] == 14
    assert email.context["deadline"] == deadline_in(14).strftime("%d.%m.%Y")


def test_reminder_3_days_before(world, edition):
    self_assessment_for(world.institution_a, edition=edition)
    assert self_assessment_send_reminders(deadline_in(14) - datetime.timedelta(days=3)) == 1
    assert reminders_to(world.coordinator_a)[0].context["days"] == 3


def test_a_run_that_missed_the_day_still_sends_once_with_the_real_days_left(world, edition):
    self_assessment_for(world.institution_a, edition=edition)
    late = TODAY + datetime.timedelta(days=4)  # beat or the worker was down on the 14th day before

    assert self_assessment_send_reminders(late) == 1
    assert self_assessment_send_reminders(late) == 0
    assert self_assessment_send_reminders(late + datetime.timedelta(days=1)) == 0
    assert [e.context["days"] for e in reminders_to(world.coordinator_a)] == [10]


def test_a_late_run_sends_only_the_most_urgent_reminder(world, edition):
    self_assessment_for(world.institution_a, edition=edition)
    assert self_assessment_send_reminders(deadline_in(14) - datetime.timedelta(days=2)) == 1
    assert self_assessment_send_reminders(deadline_in(14)) == 0
    assert [(e.context["days"]) for e in reminders_to(world.coordinator_a)] == [2]


@pytest.mark.parametrize("days_before", [15, -1])
def test_no_reminder_before_the_first_day_or_after_the_deadline(world, edition, days_before):
    self_assessment_for(world.institution_a, edition=edition)
    assert self_assessment_send_reminders(deadline_in(14) - datetime.timedelta(days=days_before)) == 0


def test_the_same_reminder_is_never_sent_twice(world, edition):
    self_assessment_for(world.institution_a, edition=edition)
    self_assessment_send_reminders(TODAY)
    assert self_assessment_send_reminders(TODAY) == 0
    assert len(reminders_to(world.coordinator_a)) == 1
    assert SelfAssessmentReminder.objects.count() == 1


@pytest.mark.parametrize("status", [SelfAssessment.Status.SUBMITTED, SelfAssessment.Status.ACCEPTED])
def test_no_reminder_once_submitted(world, edition, status):
    self_assessment_for(world.institution_a, edition=edition, status=status)
    assert self_assessment_send_reminders(TODAY) == 0


@pytest.mark.parametrize("status", [SelfAssessment.Status.DRAFT, SelfAssessment.Status.RETURNED])
def test_reminder_while_not_submitted(world, edition, status):
    self_assessment_for(world.institution_a, edition=edition, status=status)
    assert self_assessment_send_reminders(TODAY) == 1


def test_reminder_when_the_self_assessment_was_never_opened(world, edition):
    enrolment = enrolment_for(world.institution_a, edition)
    assert self_assessment_send_reminders(TODAY) == 1
    assert reminders_to(world.coordinator_a)[0].context["path"] == f"/audits/enrolments/{enrolment.pk}/self-assessment/"


def test_extended_deadline_moves_the_reminders(world, edition):
    enrolment = enrolment_for(world.institution_a, edition)
    enrolment.deadline_extended_until = deadline_in(14) + datetime.timedelta(days=7)
    enrolment.save()
    assert self_assessment_send_reminders(TODAY) == 0
    assert self_assessment_send_reminders(TODAY + datetime.timedelta(days=7)) == 1
