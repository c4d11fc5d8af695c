"""The demo audits: built on what the editions and self-assessments demo left."""

from io import StringIO

import pytest

from audits import demo_audits
from audits.models import Audit, AuditScore
from audits.tests.factories_audits import accepted_enrolment, edition_of
from institutions.models import User
from institutions.tests.factories import AuditorFactory, InstitutionFactory, KwpStaffFactory, county, police_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(reference_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    KwpStaffFactory(username="kwp")
    AuditorFactory(police_unit=police_unit("KPP Bochnia"))
    edition = edition_of(2025)
    for n in range(4):
        school = InstitutionFactory(name=f"Szkoła Podstawowa nr {n + 1} w Bochni", county=county("1201"))
        accepted_enrolment(edition=edition, institution=school)
    InstitutionFactory(name="Szkoła Podstawowa nr 7 w Nowym Sączu", county=county("1262"))
    demo_audits.seed(StringIO(), password="zpb-demo-2026")
    return edition


def test_signed_audits_include_full_marks_31_of_35_and_a_failed_one(seeded):
    signed = Audit.objects.filter(status=Audit.Status.SIGNED).order_by("enrolment__institution__name")
    assert [(a.total_points, a.passed) for a in signed] == [(35, True), (31, True), (24, False)]


def test_one_audit_is_partly_scored(seeded):
    partly = Audit.objects.get(enrolment__institution__name="Szkoła Podstawowa nr 4 w Bochni")
    assert (partly.status, AuditScore.objects.filter(audit=partly).count()) == (Audit.Status.PLANNED, 2)


def test_both_demo_auditors_have_an_audit_to_score_in_nowy_sacz(seeded):
    audit = Audit.objects.get(enrolment__institution__name="Szkoła Podstawowa nr 7 w Nowym Sączu")
    team = {m.user.username: m.is_lead for m in audit.team.select_related("user")}
    assert audit.status == Audit.Status.PLANNED and not audit.scores.exists()
    assert team == {"audytor": True, "audytor2": False}
    assert audit.is_open_for_scoring


def test_audit_dates_lie_in_may_and_june_2026(seeded):
    assert {(a.date.year, a.date.month) for a in Audit.objects.all()} <= {(2026, 5), (2026, 6)}


def test_teams_mix_kwp_and_the_serving_unit(seeded):
    for audit in Audit.objects.filter(enrolment__institution__county__teryt="1201"):
        units = [m.user.police_unit.short_name for m in audit.team.select_related("user__police_unit")]
        assert units == ["KWP Kraków", "KPP Bochnia"]


def test_missing_demo_auditors_are_made(seeded):
    assert User.objects.filter(username="audytor2", police_unit__short_name="KMP Nowy Sącz").exists()


def test_the_shared_audits_self_assessment_obeys_the_submit_checks(seeded):
    from audits.models import Evidence
    from audits.selectors.self_assessments import self_assessment_missing

    audit = Audit.objects.get(enrolment__institution__name="Szkoła Podstawowa nr 7 w Nowym Sączu")
    assessment = audit.enrolment.self_assessment
    assert assessment.status == "accepted"
    assert self_assessment_missing(assessment) == []
    assert assessment.action_items.exists()
    assert Evidence.objects.filter(answer__self_assessment=assessment).exists()
    assert [e.to_status for e in assessment.events.order_by("at", "pk")] == ["draft", "submitted", "accepted"]
