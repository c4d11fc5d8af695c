import datetime

import pytest

from audits.models import Enrolment, SelfAssessment, SelfAssessmentEvent, Stage
from audits.services.editions import (
    EditionsError,
    enrolment_create,
    enrolment_create_many,
    enrolment_extend_deadline,
    enrolment_withdraw,
)
from audits.tests.factories import EnrolmentFactory, SelfAssessmentFactory
from audits.tests.factories_editions import TODAY, open_edition
from institutions.tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_coordinator_enrols_their_institution_at_stage_i(people):
    edition = open_edition()

    enrolment = enrolment_create(edition=edition, institution=people.school, stage=None, by=people.coordinator,
                                 today=TODAY)

    assert (enrolment.stage, enrolment.enrolled_by) == (Stage.CERTIFICATE, people.coordinator)


def test_enrolling_twice_is_refused(people):
    edition = open_edition()
    EnrolmentFactory(edition=edition, institution=people.school)

    with pytest.raises(EditionsError, match="już"):
        enrolment_create(edition=edition, institution=people.school, stage=None, by=people.kwp, today=TODAY)
    assert Enrolment.objects.filter(edition=edition).count() == 1


def test_a_coordinator_cannot_enrol_another_institution(people):
    with pytest.raises(EditionsError):
        enrolment_create(edition=open_edition(), institution=people.other_school, stage=None, by=people.coordinator,
                         today=TODAY)
    assert not Enrolment.objects.exists()


def test_a_coordinator_cannot_enrol_once_enrolment_has_closed(people):
    edition = open_edition(enrolment_closes=D(2026, 10, 31))

    with pytest.raises(EditionsError, match="31.10.2026"):
        enrolment_create(edition=edition, institution=people.school, stage=None, by=people.coordinator,
                         today=TODAY)


def test_kwp_staff_can_still_enrol_after_enrolment_has_closed(people):
    edition = open_edition(enrolment_closes=D(2026, 10, 31))

    enrolment_create(edition=edition, institution=people.school, stage=None, by=people.kwp, today=TODAY)

    assert Enrolment.objects.filter(edition=edition, institution=people.school).exists()


def test_nobody_enrols_once_the_audits_are_over(people):
    edition = open_edition()

    with pytest.raises(EditionsError):
        enrolment_create(edition=edition, institution=people.school, stage=None, by=people.kwp,
                         today=D(2027, 7, 1))


def test_a_stage_that_is_not_available_is_refused(people):
    with pytest.raises(EditionsError):
        enrolment_create(edition=open_edition(), institution=people.school, stage=Stage.EXTENSION,
                         by=people.coordinator, today=TODAY)


def test_an_extension_is_accepted_with_a_valid_certificate(people, certificates):
    certificates(people.school, granted_on=D(2025, 10, 15))

    enrolment = enrolment_create(edition=open_edition(), institution=people.school, stage=Stage.EXTENSION,
                                 by=people.coordinator, today=TODAY)

    assert enrolment.stage == Stage.EXTENSION


def test_an_inactive_institution_cannot_be_enrolled(people):
    institution = InstitutionFactory(is_active=False)

    with pytest.raises(EditionsError):
        enrolment_create(edition=open_edition(), institution=institution, stage=None, by=people.kwp, today=TODAY)


def test_enrolling_many_reports_refusals_and_enrols_the_rest(people, certificates, today):
    certificates(people.other_school, granted_on=D(2025, 10, 15))
    edition = open_edition()

    result = enrolment_create_many(edition=edition, institutions=[people.school, people.other_school],
                                   stage=Stage.CERTIFICATE, by=people.kwp)

    assert [e.institution for e in result.enrolled] == [people.school]
    assert [i for i, _reason in result.refused] == [people.other_school]


def test_enrolment_is_recorded_with_who_did_it(people):
    enrolment = enrolment_create(edition=open_edition(), institution=people.school, stage=None,
                                 by=people.coordinator, today=TODAY)

    assert enrolment.history.get().history_user == people.coordinator


def test_the_deadline_can_be_extended_for_one_institution(people):
    enrolment = EnrolmentFactory(edition=open_edition(), institution=people.school)

    enrolment_extend_deadline(enrolment=enrolment, until=D(2027, 4, 15), by=people.kwp)

    enrolment.refresh_from_db()
    assert enrolment.self_assessment_deadline == D(2027, 4, 15)


def test_a_deadline_extension_is_recorded_with_who_granted_it(people):
    enrolment = EnrolmentFactory(edition=open_edition(), institution=people.school)

    enrolment_extend_deadline(enrolment=enrolment, until=D(2027, 4, 15), by=people.kwp)

    latest = enrolment.history.latest()
    assert (latest.history_user, latest.deadline_extended_until) == (people.kwp, D(2027, 4, 15))


def test_an_extension_must_fall_after_the_editions_deadline(people):
    enrolment = EnrolmentFactory(edition=open_edition(), institution=people.school)

    with pytest.raises(EditionsError, match="31.03.2027"):
        enrolment_extend_deadline(enrolment=enrolment, until=D(2027, 3, 20), by=people.kwp)


def test_an_extension_must_fall_before_the_audits(people):
    enrolment = EnrolmentFactory(edition=open_edition(), institution=people.school)

    with pytest.raises(EditionsError, match="01.05.2027"):
        enrolment_extend_deadline(enrolment=enrolment, until=D(2027, 5, 10), by=people.kwp)


def test_an_enrolment_without_a_self_assessment_can_be_withdrawn(people):
    enrolment = EnrolmentFactory(edition=open_edition(), institution=people.school)

    enrolment_withdraw(enrolment=enrolment, by=people.kwp)

    assert not Enrolment.objects.exists()


def test_withdrawing_is_recorded_with_who_did_it(people):
    enrolment = EnrolmentFactory(edition=open_edition(), institution=people.school)

    enrolment_withdraw(enrolment=enrolment, by=people.kwp)

    assert Enrolment.history.get(history_type="-").history_user == people.kwp


def test_withdrawing_discards_a_draft_self_assessment(people):
    assessment = SelfAssessmentFactory(enrolment__edition=open_edition(), enrolment__institution=people.school)

    enrolment_withdraw(enrolment=assessment.enrolment, by=people.kwp)

    assert not SelfAssessment.objects.exists()


def test_an_enrolment_whose_self_assessment_was_submitted_cannot_be_withdrawn(people):
    assessment = SelfAssessmentFactory(enrolment__edition=open_edition(), enrolment__institution=people.school,
                                       status=SelfAssessment.Status.SUBMITTED)

    with pytest.raises(EditionsError):
        enrolment_withdraw(enrolment=assessment.enrolment, by=people.kwp)
    assert Enrolment.objects.filter(pk=assessment.enrolment_id).exists()


def test_a_draft_submitted_before_cannot_be_withdrawn(people):
    assessment = SelfAssessmentFactory(enrolment__edition=open_edition(), enrolment__institution=people.school,
                                       status=SelfAssessment.Status.DRAFT)
    SelfAssessmentEvent.objects.create(self_assessment=assessment, from_status="draft", to_status="submitted")

    with pytest.raises(EditionsError):
        enrolment_withdraw(enrolment=assessment.enrolment, by=people.kwp)
