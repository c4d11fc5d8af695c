import pytest
from django.core import mail
from django.db import transaction

from audits.models import SelfAssessment
from audits.services.self_assessments import IncompleteError, self_assessment_return, self_assessment_submit
from audits.tests.factories_self_assessments import complete, self_assessment_for
from core.emails import email_render
from core.models import OutgoingEmail
from zpb.tests.helpers import wait_for


@pytest.mark.celery
def test_submission_confirmation_is_sent_by_a_real_worker(celery_worker, world, media_root):
    assessment = complete(self_assessment_for(world.institution_a))
    with transaction.atomic():
        self_assessment_submit(assessment=assessment, by=world.coordinator_a)

    assert wait_for(lambda: OutgoingEmail.objects.filter(template="self_assessment_submitted", status="sent").exists())
    [message] = [m for m in mail.outbox if m.subject.startswith("Certyfikacja ZPB: samoocena")]
    assert message.to == [world.coordinator_a.email]
    assert message.subject == (
        f"Certyfikacja ZPB: samoocena {assessment.enrolment.edition.name} złożona – {world.institution_a.name}"
    )
    assert f"/audits/self-assessments/{assessment.pk}/" in message.body


def test_return_notice_carries_the_comment(world, media_root):
    assessment = complete(self_assessment_for(world.institution_a))
    self_assessment_submit(assessment=assessment, by=world.coordinator_a)
    self_assessment_return(assessment=assessment, by=world.kwp, comment="Brakuje protokołu z wizji lokalnej.")
    email = OutgoingEmail.objects.get(template="self_assessment_returned")
    message = email_render(email)
    assert email.to == [world.coordinator_a.email]
    assert "zwrócona do poprawy" in message.subject
    assert "Brakuje protokołu z wizji lokalnej." in message.body


def test_no_confirmation_when_the_submission_is_refused(world):
    assessment = self_assessment_for(world.institution_a)
    with pytest.raises(IncompleteError):
        self_assessment_submit(assessment=assessment, by=world.coordinator_a)
    assert not OutgoingEmail.objects.filter(template="self_assessment_submitted").exists()
    assert assessment.status == SelfAssessment.Status.DRAFT
