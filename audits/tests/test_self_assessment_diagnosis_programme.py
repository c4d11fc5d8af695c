"""A university's diagnosis asks about students and staff, a school's about pupils, parents and teachers."""

import pytest
from django.urls import reverse

from audits.models import SelfAssessment
from audits.selectors.self_assessments import diagnosis_gaps
from audits.tests.factories_self_assessments import self_assessment_for
from institutions.models import User
from institutions.tests.factories import UniversityFactory

pytestmark = pytest.mark.django_db

DIAGNOSIS = {"surveyed_students": 300, "surveyed_teachers": 40, "site_inspection_date": "2026-10-01",
             "diagnosis_findings": "Oświetlenie parkingu.", "dangerous_places": "Parking przy akademiku."}


@pytest.fixture
def university_draft(world):
    university = UniversityFactory()
    university.coordinators.add(world.coordinator_a)
    return self_assessment_for(university)


def test_a_university_diagnosis_is_complete_without_parents(university_draft):
    SelfAssessment.objects.filter(pk=university_draft.pk).update(**DIAGNOSIS)
    university_draft.refresh_from_db()

    assert diagnosis_gaps(university_draft) == []


def test_a_school_diagnosis_still_needs_parents(world):
    draft = self_assessment_for(world.institution_a)
    SelfAssessment.objects.filter(pk=draft.pk).update(**DIAGNOSIS)
    draft.refresh_from_db()

    assert diagnosis_gaps(draft) == ["liczbę ankietowanych rodziców"]


def test_a_university_coordinator_is_asked_about_students_and_staff_only(client, world, university_draft):
    client.force_login(User.objects.get(pk=world.coordinator_a.pk))
    url = reverse("audits:self-assessment-diagnosis", args=[university_draft.pk])

    page = client.get(url).content.decode()
    assert "Ankietowani studenci" in page and "Ankietowani pracownicy" in page
    assert "rodzic" not in page.lower() and 'name="surveyed_parents"' not in page
    assert "ankietach wśród studentów i pracowników" in page and "uczniów" not in page

    client.post(url, {"version": university_draft.version, **DIAGNOSIS})
    university_draft.refresh_from_db()
    assert (university_draft.surveyed_students, university_draft.surveyed_teachers) == (300, 40)
    assert diagnosis_gaps(university_draft) == []
