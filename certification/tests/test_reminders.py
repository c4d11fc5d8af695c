import datetime

import pytest

from certification.models import Certificate
from certification.services import certificate_reminders_send, certificate_revoke
from core.emails import email_render
from core.models import OutgoingEmail

from . import factories

pytestmark = pytest.mark.django_db


def days_before(certificate: Certificate, days: int) -> datetime.date:
    return certificate.valid_until - datetime.timedelta(days=days)


@pytest.fixture
def certificate(world, school):
    return factories.certificate(institution=school)


def test_coordinators_and_kwp_are_told_90_days_before(certificate, world):
    assert certificate_reminders_send(today=days_before(certificate, 90)) == 1
    recipients = {address for email in OutgoingEmail.objects.all() for address in email.to}
    assert {world.coordinator_a.email, world.kwp.email} <= recipients
    assert world.coordinator_b.email not in recipients


def test_the_90_day_reminder_is_sent_once(certificate):
    certificate_reminders_send(today=days_before(certificate, 90))
    assert certificate_reminders_send(today=days_before(certificate, 89)) == 0


def test_the_30_day_reminder_follows(certificate):
    certificate_reminders_send(today=days_before(certificate, 90))
    assert certificate_reminders_send(today=days_before(certificate, 30)) == 1
    assert certificate_reminders_send(today=days_before(certificate, 29)) == 0


def test_a_certificate_found_late_gets_only_the_urgent_reminder(certificate):
    assert certificate_reminders_send(today=days_before(certificate, 25)) == 1
    assert list(certificate.reminders.values_list("days_before", flat=True)) == [30]


def test_nothing_is_sent_more_than_90_days_before(certificate):
    assert certificate_reminders_send(today=days_before(certificate, 91)) == 0


def test_a_revoked_certificate_is_not_reminded_of(certificate, world):
    certificate_revoke(certificate=certificate, by=world.kwp, reason="Powód")
    assert certificate_reminders_send(today=days_before(certificate, 30)) == 0


def test_a_certificate_already_extended_is_not_reminded_of(certificate, world, school):
    from audits.models import Stage

    audit = factories.signed_audit(institution=school, year=2026, kind=Stage.EXTENSION)  # decided in 2027
    from certification.services import certificate_issue

    certificate_issue(decision=factories.decision(audit=audit, outcome="extension"), by=None, dispatch=False)
    assert certificate_reminders_send(today=days_before(certificate, 30)) == 0


def test_the_email_names_the_certificate_and_the_date(certificate, world):
    from django.core import mail

    from core.emails import email_send

    certificate_reminders_send(today=days_before(certificate, 30))
    for email in OutgoingEmail.objects.all():
        email_send(email_id=email.pk)
    message = mail.outbox[0]
    assert certificate.number in message.subject and f"{certificate.valid_until:%d.%m.%Y}" in message.body


def test_a_run_that_missed_the_day_sends_once_with_the_real_days_left(certificate):
    late = days_before(certificate, 83)  # nothing ran on the 90th day before
    assert certificate_reminders_send(today=late) == 1
    assert certificate_reminders_send(today=late) == 0
    emails = OutgoingEmail.objects.filter(template="certificate-expiry")
    assert {email.context["days"] for email in emails} == {83}
    assert "83 dni" in email_render(emails[0]).subject  # the subject states the real number of days left
