"""Opening an enrolment's self-assessment: a GET shows it or offers to start it, and only the POST of the
"start" button creates the draft (a GET never writes: link previews, prefetching and crawlers follow links)."""

from django.urls import reverse

from audits.models import SelfAssessment
from audits.tests.factories_self_assessments import current_edition, enrolment_for
from zpb.tests.test_get_never_writes import writes


def test_a_get_offers_to_start_and_writes_nothing(client, world):
    enrolment = enrolment_for(world.institution_a, current_edition())
    client.force_login(world.coordinator_a)
    before = writes()
    response = client.get(reverse("audits:self-assessment-open", args=[enrolment.pk]))
    assert writes() == before
    assert response.status_code == 200
    assert "Rozpocznij samoocenę" in response.text
    assert not SelfAssessment.objects.filter(enrolment=enrolment).exists()


def test_the_start_button_creates_the_draft_once(client, world):
    enrolment = enrolment_for(world.institution_a, current_edition())
    client.force_login(world.coordinator_a)
    url = reverse("audits:self-assessment-open", args=[enrolment.pk])
    first = client.post(url)
    second = client.post(url)
    assessment = SelfAssessment.objects.get(enrolment=enrolment)
    assert first.url == second.url == assessment.get_absolute_url()
    assert [event.to_status for event in assessment.events.all()] == ["draft"]


def test_a_get_of_a_started_one_goes_to_it(client, world):
    enrolment = enrolment_for(world.institution_a, current_edition())
    client.force_login(world.coordinator_a)
    url = reverse("audits:self-assessment-open", args=[enrolment.pk])
    client.post(url)
    assert client.get(url).url == SelfAssessment.objects.get(enrolment=enrolment).get_absolute_url()


def test_another_institutions_coordinator_gets_404_and_nothing_is_created(client, world):
    enrolment = enrolment_for(world.institution_a, current_edition())
    client.force_login(world.coordinator_b)
    assert client.post(reverse("audits:self-assessment-open", args=[enrolment.pk])).status_code == 404
    assert not SelfAssessment.objects.filter(enrolment=enrolment).exists()
