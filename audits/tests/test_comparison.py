"""The previous edition's scores beside this one's, and KWP's per-criterion view of the region."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from audits.models import CriterionAnswer, SelfAssessment
from audits.selectors.comparison import criteria_comparison, previous_scores
from audits.tests.factories import AuditorFactory, SelfAssessmentFactory
from audits.tests.factories_audits import accepted_enrolment, edition_of, planned_audit, signed_audit
from audits.tests.factories_self_assessments import enrolment_for
from institutions.models import Programme
from institutions.tests.factories import InstitutionFactory, county


@pytest.fixture
def two_years(world):
    """School X: last edition self-scored 1.1 at 8 and audited at 6 (signed); this edition a draft."""
    school = InstitutionFactory(coordinators=[world.coordinator_a])
    last, this = edition_of(2080), edition_of(2081)
    audit = signed_audit(edition=last, institution=school, points={"1.1": 6})
    CriterionAnswer.objects.filter(self_assessment__enrolment=audit.enrolment, criterion__code="1.1").update(score=8)
    current = SelfAssessmentFactory(enrolment=enrolment_for(school, this))
    return school, last, current


def test_previous_scores_match_criteria_by_code(two_years):
    _school, last, current = two_years
    previous = previous_scores(enrolment=current.enrolment)
    assert previous.edition == last
    assert previous.for_code("1.1") == (8, 6)
    assert previous.for_code("2.1") == (10, 10)
    assert previous.for_code("9.9") == (None, None)


def test_an_unsigned_audit_does_not_count(world):
    school = InstitutionFactory()
    planned_audit(edition=edition_of(2082), institution=school)  # scored? no: planned, and self-scores only
    current = SelfAssessmentFactory(enrolment=enrolment_for(school, edition_of(2083)))
    previous = previous_scores(enrolment=current.enrolment)
    assert not previous.audited and previous.for_code("1.1") == (10, None)


def test_without_an_earlier_edition_there_is_nothing(world):
    current = SelfAssessmentFactory(enrolment=enrolment_for(InstitutionFactory(), edition_of(2084)))
    assert previous_scores(enrolment=current.enrolment) is None


def test_the_criteria_tab_shows_last_years_scores(client, world, two_years):
    _school, last, current = two_years
    client.force_login(world.coordinator_a)
    text = client.get(reverse("audits:self-assessment-criteria", args=[current.pk])).text
    assert f"Edycja {last.name}:" in text
    assert "samoocena punktowa <strong>8</strong>" in text and "ocena audytu <strong>6</strong>" in text


def test_the_audit_page_shows_last_years_scores(client, world, two_years):
    school, last, current = two_years
    SelfAssessment.objects.filter(pk=current.pk).update(status=SelfAssessment.Status.ACCEPTED)
    lead = AuditorFactory()
    audit = planned_audit(edition=current.enrolment.edition, institution=school, team=[lead])
    client.force_login(lead)
    text = client.get(audit.get_absolute_url()).text
    assert f"Edycja {last.name}:" in text and "ocena audytu <strong>6</strong>" in text


# --- KWP: criteria across the region ------------------------------------------------------------------


def region(edition, n: int) -> None:
    """n schools in Bochnia county with submitted self-assessments (1.1 self-scored 8) and signed audits (1.1: 5),
    and one university (another programme) that must not count."""
    for _ in range(n):
        school = InstitutionFactory(county=county("1201"))
        audit = signed_audit(edition=edition, institution=school, points={"1.1": 5})
        answers = CriterionAnswer.objects.filter(self_assessment__enrolment=audit.enrolment)
        answers.filter(criterion__code="1.1").update(score=8)
    accepted_enrolment(edition=edition, institution=InstitutionFactory(type="university"), self_score=0)


def test_the_region_view_averages_per_criterion(world):
    edition = edition_of(2085)
    region(edition, 3)
    SelfAssessmentFactory(enrolment=enrolment_for(InstitutionFactory(), edition))  # a draft: not counted
    rows = {c.code: c for c in criteria_comparison(user=world.kwp, edition=edition, programme=Programme.SPB)}
    assert (float(rows["1.1"].self_avg), rows["1.1"].self_count) == (8.0, 3)
    assert (float(rows["1.1"].audit_avg), rows["1.1"].audit_count) == (5.0, 3)
    assert float(rows["2.1"].audit_avg) == 10.0


def test_the_region_view_filters_by_county(world):
    edition = edition_of(2086)
    region(edition, 2)
    rows = criteria_comparison(user=world.kwp, edition=edition, programme=Programme.SPB, county=county("1263"))
    assert all(c.self_count == 0 and c.audit_avg is None for c in rows)


def test_the_region_view_is_for_kwp_only(world):
    with pytest.raises(PermissionDenied):
        criteria_comparison(user=world.coordinator_a, edition=edition_of(2087), programme=Programme.SPB)


@pytest.mark.parametrize("n", [1, 10])
def test_the_region_page_is_flat_in_queries(client, world, django_assert_num_queries, n):
    edition = edition_of(2088)
    region(edition, n)
    client.force_login(world.kwp)
    url = reverse("audits:criteria-comparison") + f"?edition={edition.pk}&programme=SPB&county="
    # session, user, current edition (default), the chosen edition (validation), its rulebook, the page count,
    # the page of criteria with their four aggregates, then the filter form's choices: editions (twice), counties
    with django_assert_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    assert "8,0 <span class=\"text-body-secondary\">(80 %)</span>" in response.text
    assert "5,0 <span class=\"text-body-secondary\">(50 %)</span>" in response.text
