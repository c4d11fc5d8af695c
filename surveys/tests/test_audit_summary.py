import pytest
from django.urls import reverse

from audits.tests.factories import AuditFactory
from institutions.tests.factories import AuditorFactory

from .factories import respond

pytestmark = pytest.mark.django_db


def test_the_auditors_see_the_survey_summary_on_the_audit_page(client, school, settings):
    settings.SURVEY_MIN_RESPONDENTS = 3
    auditor = AuditorFactory()
    audit = AuditFactory(enrolment=school.enrolment, team=[auditor])
    respond(school.round, 4, pick=1, text="Ciemny przystanek")
    client.force_login(auditor)
    html = client.get(reverse("audits:audit-detail", args=[audit.pk])).content.decode()
    assert "Ankiety diagnozy w liczbach" in html
    assert "4 osoby" in html
    assert "Ciemny przystanek" not in html  # written answers stay with the school's coordinators
    # The auditors have no way into the school's survey pages themselves.
    assert client.get(reverse("surveys:results", args=[school.enrolment.pk])).status_code == 403


def test_below_the_minimum_the_summary_gives_the_count_only(client, school, settings):
    settings.SURVEY_MIN_RESPONDENTS = 10
    auditor = AuditorFactory()
    audit = AuditFactory(enrolment=school.enrolment, team=[auditor])
    respond(school.round, 4)
    client.force_login(auditor)
    html = client.get(reverse("audits:audit-detail", args=[audit.pk])).content.decode()
    assert "Za mało odpowiedzi, aby je pokazać bez ryzyka dla anonimowości." in html
