"""The demo self-assessments, on top of the institutions, partners and editions demo."""

from io import StringIO

import pytest

from audits import demo_editions, demo_self_assessments
from audits.models import Edition, Evidence, SelfAssessment
from audits.selectors.self_assessments import self_assessment_missing
from institutions import demo as institutions_demo
from partners import demo as partners_demo

Status = SelfAssessment.Status
PASSWORD = "zpb-demo-2026"


@pytest.fixture
def seeded(reference_data, media_root):
    for module in (institutions_demo, partners_demo, demo_editions, demo_self_assessments):
        module.seed(StringIO(), password=PASSWORD)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def statuses(start_year: int) -> set[str]:
    return set(
        SelfAssessment.objects.filter(enrolment__edition__start_year=start_year).values_list("status", flat=True)
    )


def test_past_editions_are_all_accepted_and_complete(seeded):
    past = SelfAssessment.objects.filter(enrolment__edition__start_year__lt=2026)
    enrolled = Edition.objects.filter(start_year__lt=2026).values_list("enrolments", flat=True).count()
    assert past.count() == enrolled
    assert {a.status for a in past} == {Status.ACCEPTED}
    assert all(self_assessment_missing(a) == [] for a in past)


def test_current_edition_has_every_status(seeded):
    assert statuses(2026) == {Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.ACCEPTED}


def test_demo_coordinator_has_a_draft_to_continue(seeded):
    drafts = SelfAssessment.objects.filter(enrolment__institution__coordinators__username="koordynator",
                                           enrolment__edition__start_year=2026, status=Status.DRAFT)
    [draft] = drafts
    assert self_assessment_missing(draft)  # partly filled


def test_returned_ones_carry_kwps_comment(seeded):
    for assessment in SelfAssessment.objects.filter(status=Status.RETURNED):
        event = assessment.events.last()
        assert (event.to_status, event.by.username) == (Status.RETURNED, "kwp") and event.note


def test_evidence_files_are_real_pdfs_in_the_storage(seeded):
    evidence = Evidence.objects.first()
    with evidence.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_every_seeded_submitted_or_accepted_one_passes_the_submit_checks(seeded):
    done = SelfAssessment.objects.filter(status__in=[Status.SUBMITTED, Status.ACCEPTED])
    assert done.exists()
    assert {a.pk: self_assessment_missing(a) for a in done if self_assessment_missing(a)} == {}


def test_the_demo_queues_no_emails(seeded):
    from core.models import OutgoingEmail

    assert not OutgoingEmail.objects.exists()
