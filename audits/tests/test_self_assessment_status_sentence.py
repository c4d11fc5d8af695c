"""Each status of a self-assessment has its own sentence for the coordinator."""

import pytest
from django.urls import reverse

from audits.models import SelfAssessment
from audits.tests.factories_self_assessments import self_assessment_for

pytestmark = pytest.mark.django_db
Status = SelfAssessment.Status

SENTENCES = {
    Status.DRAFT: "Ta samoocena jest wersją roboczą",
    Status.RETURNED: "Ta samoocena została zwrócona do poprawy",
    Status.SUBMITTED: "Ta samoocena została złożona i można ją tylko przeglądać.",
    Status.ACCEPTED: "Ta samoocena została przyjęta przez KWP",
}


@pytest.mark.parametrize("status", SENTENCES)
def test_the_coordinator_reads_the_sentence_of_the_status(client, world, status):
    assessment = self_assessment_for(world.institution_a, status=status)
    client.force_login(world.coordinator_a)

    page = client.get(reverse("audits:self-assessment-detail", args=[assessment.pk])).content.decode()

    assert SENTENCES[status] in page
    assert [other for s, other in SENTENCES.items() if s != status and other in page] == []
