"""Who may see and do what with an audit, beyond the project-wide matrix (test_access_matrix.py)."""

import pytest
from django.urls import reverse

from audits.selectors.audits import audit_list_for_user
from audits.tests.factories_audits import criteria_of, planned_audit, signed_audit
from audits.tests.factories_self_assessments import EvidenceFactory
from institutions.tests.factories import AuditorFactory, KwpStaffFactory

pytestmark = pytest.mark.django_db


def object_urls(audit) -> list[tuple[str, str]]:
    criterion = criteria_of(audit)[0]
    return [
        ("get", reverse("audits:audit-detail", args=[audit.pk])),
        ("post", reverse("audits:audit-score", args=[audit.pk, criterion.pk])),
        ("post", reverse("audits:audit-sign", args=[audit.pk])),
    ]


@pytest.fixture
def audit_of_a(world):
    return planned_audit(institution=world.institution_a, team=[AuditorFactory()])


@pytest.mark.parametrize("index", range(3))
def test_an_auditor_not_on_the_team_gets_404(client, world, audit_of_a, index):
    method, url = object_urls(audit_of_a)[index]
    client.force_login(world.auditor)
    assert getattr(client, method)(url).status_code == 404


def test_an_auditor_not_on_the_team_cannot_open_the_evidence(client, world, audit_of_a, media_root):
    evidence = EvidenceFactory(answer=audit_of_a.enrolment.self_assessment.answers.first())
    client.force_login(world.auditor)
    response = client.get(reverse("audits:self-assessment-evidence-download", args=[evidence.pk]))
    assert response.status_code == 404


def test_a_team_member_can_open_the_evidence(client, world, media_root):
    audit = planned_audit(institution=world.institution_a, team=[world.auditor])
    evidence = EvidenceFactory(answer=audit.enrolment.self_assessment.answers.first())
    client.force_login(world.auditor)
    assert client.get(reverse("audits:self-assessment-evidence-download", args=[evidence.pk])).status_code == 200


def test_the_coordinator_gets_404_on_an_audit_not_yet_signed(client, world, audit_of_a):
    client.force_login(world.coordinator_a)
    assert client.get(audit_of_a.get_absolute_url()).status_code == 404


# Scoring and signing are for auditors: coordinators are refused by role before any lookup.
@pytest.mark.parametrize("index", [1, 2])
def test_coordinators_cannot_score_or_sign(client, world, audit_of_a, index):
    method, url = object_urls(audit_of_a)[index]
    client.force_login(world.coordinator_a)
    assert getattr(client, method)(url).status_code == 403
    assert not audit_of_a.scores.exists()


def test_the_coordinator_cannot_score_a_signed_audit(client, world):
    audit = signed_audit(institution=world.institution_a)
    criterion = criteria_of(audit)[0]
    client.force_login(world.coordinator_a)
    data = {f"c{criterion.pk}-score": 0, f"c{criterion.pk}-comment": "x", f"c{criterion.pk}-version": 2}
    response = client.post(reverse("audits:audit-score", args=[audit.pk, criterion.pk]), data)
    assert response.status_code == 403


def test_kwp_staff_cannot_score(client, world, audit_of_a):
    criterion = criteria_of(audit_of_a)[0]
    client.force_login(world.kwp)
    response = client.post(reverse("audits:audit-score", args=[audit_of_a.pk, criterion.pk]))
    assert response.status_code == 403


def test_kwp_staff_see_every_audit(world):
    audits = [planned_audit(), signed_audit()]
    assert set(audits) <= set(audit_list_for_user(user=KwpStaffFactory()))


def test_auditors_see_only_the_audits_of_their_teams(world):
    auditor = AuditorFactory()
    mine = planned_audit(team=[AuditorFactory(), auditor])
    planned_audit()
    assert list(audit_list_for_user(user=auditor)) == [mine]


def test_coordinators_see_only_the_signed_audits_of_their_institutions(world):
    signed = signed_audit(institution=world.institution_a)
    planned_audit(institution=world.institution_a)
    signed_audit(institution=world.institution_b)
    assert set(audit_list_for_user(user=world.coordinator_a)) == {signed, world.audit_a_signed}
