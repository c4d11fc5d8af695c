"""The result explains itself: every page that shows or leads to a result says what the rulebook requires."""

import pytest
from django.urls import reverse

from audits.models import RulebookVersion
from audits.tests.factories_audits import planned_audit, score_all, signed_audit
from institutions.tests.factories import AuditorFactory

pytestmark = pytest.mark.django_db

NEEDED = "do zaliczenia potrzeba 28 z 35 pkt (80%)"


def test_the_kwp_audit_page_states_the_threshold_next_to_a_negative_result(client, kwp, reference_data):
    audit = signed_audit(points={"1.1": 0, "2.1": 0})
    client.force_login(kwp)
    page = client.get(reverse("audits:audit-detail", args=[audit.pk])).content.decode()
    assert NEEDED in page


def test_the_lead_sees_the_threshold_before_signing(client, reference_data):
    lead = AuditorFactory()
    audit = planned_audit(team=[lead])
    score_all(audit)
    client.force_login(lead)
    page = client.get(reverse("audits:audit-detail", args=[audit.pk])).content.decode()
    assert f"Wymóg regulaminu: {NEEDED}." in page


def test_the_numbers_come_from_the_rulebook_version(client, kwp, reference_data):
    audit = signed_audit()
    RulebookVersion.objects.filter(pk=audit.enrolment.rulebook.pk).update(max_points=36, pass_threshold_percent=75)
    client.force_login(kwp)
    page = client.get(reverse("audits:audit-detail", args=[audit.pk])).content.decode()
    assert "do zaliczenia potrzeba 27 z 36 pkt (75%)" in page
