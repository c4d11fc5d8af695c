"""The county view of a police unit: its officers see the institutions the unit serves and nothing else."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audits.models import AuditScore, SelfAssessment
from audits.tests.factories_audits import accepted_enrolment, planned_audit
from audits.tests.factories_self_assessments import current_edition, self_assessment_for
from certification.models import Certificate
from certification.tests import factories as cert
from institutions.forms import UserForm
from institutions.models import User
from institutions.tests.factories import AuditorFactory, InstitutionFactory, county, police_unit

pytestmark = pytest.mark.django_db


def _expiring_certificate(institution, *, days_left: int) -> Certificate:
    certificate = cert.certificate(institution=institution, year=2012)
    today = timezone.localdate()
    Certificate.objects.filter(pk=certificate.pk).update(valid_from=today - datetime.timedelta(days=100),
                                                         valid_until=today + datetime.timedelta(days=days_left))
    return certificate


@pytest.fixture
def bochnia(world):
    """Institution A's county (KPP Bochnia) at several steps of the current edition, plus one in Tarnów."""
    edition = current_edition()
    bochnia = county("1201")
    ready = InstitutionFactory(name="SP 2 w Bochni gotowa", county=bochnia)
    accepted_enrolment(edition=edition, institution=ready)
    unstaffed = InstitutionFactory(name="SP 3 w Bochni bez policjanta z KPP", county=bochnia)
    unstaffed_audit = planned_audit(edition=edition, institution=unstaffed, team=[world.auditor],
                                    date=timezone.localdate() + datetime.timedelta(days=10))
    staffed = InstitutionFactory(name="SP 4 w Bochni z policjantem", county=bochnia)
    planned_audit(edition=edition, institution=staffed, team=[world.auditor, world.officer_a],
                  date=timezone.localdate() + datetime.timedelta(days=12))
    expiring = _expiring_certificate(InstitutionFactory(name="SP 5 w Bochni certyfikowana", county=bochnia),
                                     days_left=30)
    tarnow = InstitutionFactory(name="SP 6 w Tarnowie", county=county("1263"))
    accepted_enrolment(edition=edition, institution=tarnow)
    return {"edition": edition, "unstaffed_audit": unstaffed_audit, "expiring": expiring, "tarnow": tarnow}


def test_officer_sees_the_institutions_of_the_unit_and_what_needs_them(client, world, bochnia):
    client.force_login(world.officer_a)
    response = client.get(reverse("reports:unit"))
    assert response.status_code == 200
    assert response.context["unit"] == police_unit("KPP Bochnia")
    names = [row.name for row in response.context["rows"]]
    assert world.institution_a.name in names and "SP 2 w Bochni gotowa" in names
    assert "SP 6 w Tarnowie" not in response.content.decode()
    assert world.institution_b.name not in names
    following = response.context["next"]
    assert [e.institution.name for e in following.to_plan] == ["SP 2 w Bochni gotowa"]
    assert following.unstaffed == [bochnia["unstaffed_audit"]]
    assert following.expiring == [bochnia["expiring"]]
    numbers = response.context["numbers"]
    assert (numbers.audits_planned, numbers.certificates_valid, numbers.certificates_expiring) == (2, 1, 1)


def test_the_officer_of_another_unit_sees_its_own_county_only(client, world, bochnia):
    client.force_login(world.officer_b)
    response = client.get(reverse("reports:unit"), {"unit": police_unit("KPP Bochnia").pk})
    assert response.context["unit"] == world.institution_b.police_unit  # the choice is KWP's only
    names = [row.name for row in response.context["rows"]]
    assert "SP 6 w Tarnowie" in names and world.institution_a.name not in names
    for url in (reverse("institutions:detail", args=[world.institution_a.pk]),
                reverse("audits:audit-detail", args=[bochnia["unstaffed_audit"].pk])):
        assert client.get(url).status_code == 404


def test_kwp_staff_choose_the_unit(client, world, bochnia):
    client.force_login(world.kwp)
    response = client.get(reverse("reports:unit"), {"unit": police_unit("KMP Tarnów").pk})
    assert [row.name for row in response.context["rows"]] == sorted(
        [world.institution_b.name, "SP 6 w Tarnowie"])


def test_a_plain_auditor_and_a_coordinator_have_no_county_view(client, world):
    for user in (world.auditor, world.coordinator_a, AuditorFactory(police_unit=police_unit("KPP Bochnia"))):
        client.force_login(user)
        assert client.get(reverse("reports:unit")).status_code == 403


def test_a_self_assessment_is_readable_by_the_officer_once_submitted(client, world):
    assessment = self_assessment_for(world.institution_a, edition=current_edition())
    url = reverse("audits:self-assessment-detail", args=[assessment.pk])
    client.force_login(world.officer_a)
    assert client.get(url).status_code == 404  # a draft is the school's own
    SelfAssessment.objects.filter(pk=assessment.pk).update(status=SelfAssessment.Status.SUBMITTED)
    assert client.get(url).status_code == 200
    client.force_login(world.officer_b)
    assert client.get(url).status_code == 404


def test_an_officer_not_on_the_team_cannot_score(client, world):
    audit = planned_audit(edition=current_edition(), institution=world.institution_a, team=[world.auditor])
    criterion = audit.enrolment.rulebook.areas.first().criteria.first()
    client.force_login(world.officer_a)
    page = client.get(audit.get_absolute_url())
    assert page.status_code == 200 and not page.context["can_score"]
    client.post(reverse("audits:audit-score", args=[audit.pk, criterion.pk]),
                {f"c{criterion.pk}-score": 1, f"c{criterion.pk}-comment": "x", f"c{criterion.pk}-version": 1})
    assert not AuditScore.objects.filter(audit=audit, score__isnull=False).exists()


def test_the_page_costs_the_same_for_many_institutions(client, world, django_assert_max_num_queries):
    edition = current_edition()
    client.force_login(world.officer_a)

    def add(n: int) -> None:
        for i in range(n):
            institution = InstitutionFactory(county=county("1201"))
            accepted_enrolment(edition=edition, institution=institution)
            _expiring_certificate(institution, days_left=20 + i)

    add(2)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("reports:unit"))
    add(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("reports:unit"))


def test_kwp_grants_the_officer_flag_to_auditors_only(world):
    data = {"username": "k1", "first_name": "K", "last_name": "L", "email": "k1@example.pl", "role": "coordinator",
            "is_unit_officer": "on", "is_active": "on"}
    form = UserForm(data, editor=world.kwp)
    assert not form.is_valid() and "is_unit_officer" in form.errors
    form = UserForm(data | {"role": User.Role.AUDITOR, "police_unit": police_unit("KPP Bochnia").pk},
                    editor=world.kwp)
    assert form.is_valid(), form.errors
    assert form.save().served_unit_id == police_unit("KPP Bochnia").pk
