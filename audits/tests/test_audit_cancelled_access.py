"""A cancelled audit no longer opens the institution's data to its former team."""

import pytest
from django.urls import reverse

from audits.models import Audit
from audits.tests.factories_audits import planned_audit

pytestmark = pytest.mark.django_db


def test_an_auditor_of_a_cancelled_audit_gets_404(client, world):
    audit = planned_audit(team=[world.auditor])
    client.force_login(world.auditor)
    assert client.get(reverse("audits:audit-detail", args=[audit.pk])).status_code == 200

    Audit.objects.filter(pk=audit.pk).update(status=Audit.Status.CANCELLED)

    assert client.get(reverse("audits:audit-detail", args=[audit.pk])).status_code == 404
    assert client.get(reverse("audits:enrolment-detail", args=[audit.enrolment_id])).status_code == 404


def test_a_non_ascii_digit_in_the_start_year_is_ignored(client, world):
    client.force_login(world.kwp)
    assert client.get(reverse("audits:edition-create"), {"start_year": "²"}).status_code == 200
