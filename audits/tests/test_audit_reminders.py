"""Audit reminders are due from 7 days before until the day; a late run catches up, a second sends nothing."""

import datetime

import pytest

from audits.models import Audit
from audits.services.audits import audit_send_reminders
from audits.tests.factories_audits import planned_audit
from core.emails import email_render
from core.models import OutgoingEmail
from institutions.tests.factories import InstitutionFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]


@pytest.fixture
def audit():
    coordinator = UserFactory(email="koordynator@sp-reminder.edu.pl")
    audit = planned_audit(institution=InstitutionFactory(name="Szkoła Podstawowa nr 9 w Tarnowie",
                                                         coordinators=[coordinator]))
    Audit.objects.exclude(pk=audit.pk).update(status=Audit.Status.CANCELLED)  # only this one is due
    return audit


def reminders() -> list[OutgoingEmail]:
    return list(OutgoingEmail.objects.filter(template="audit_reminder"))


def test_a_run_that_missed_the_day_still_sends_once(audit):
    late = audit.date - datetime.timedelta(days=4)  # nothing ran 7 days before

    assert audit_send_reminders(late) == 1
    assert audit_send_reminders(late) == 0
    assert audit_send_reminders(late + datetime.timedelta(days=1)) == 0
    [email] = reminders()
    assert email.to == ["koordynator@sp-reminder.edu.pl"] and email.context["days"] == 4
    assert "za 4 dni" in email_render(email).subject


def test_no_reminder_too_early_after_the_day_or_for_a_cancelled_audit(audit):
    assert audit_send_reminders(audit.date - datetime.timedelta(days=8)) == 0
    assert audit_send_reminders(audit.date + datetime.timedelta(days=1)) == 0
    Audit.objects.filter(pk=audit.pk).update(status=Audit.Status.CANCELLED)
    assert audit_send_reminders(audit.date) == 0


def test_a_moved_audit_is_reminded_of_again(audit):
    audit_send_reminders(audit.date - datetime.timedelta(days=7))
    Audit.objects.filter(pk=audit.pk).update(date=audit.date + datetime.timedelta(days=10))

    assert audit_send_reminders(audit.date + datetime.timedelta(days=5)) == 1
    assert sorted(e.context["days"] for e in reminders()) == [5, 7]
