from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from institutions.models import Application, ApplicationCoordinator, Invitation
from institutions.services.retention import retention_apply
from institutions.tasks import retention_task
from institutions.tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _age(application: Application, days: int, *, decided: bool = False) -> None:
    when = timezone.now() - timedelta(days=days)
    Application.objects.filter(pk=application.pk).update(created_at=when, decided_at=when if decided else None)


def _invitation(*, expired_days_ago: int, used: bool = False) -> Invitation:
    expires = timezone.now() - timedelta(days=expired_days_ago)
    return Invitation.objects.create(user=UserFactory(password=None), expires_at=expires, nonce="n", token_hash="h",
                                     used_at=expires - timedelta(days=1) if used else None)


@pytest.fixture
def due(reference_data, settings):
    settings.RETENTION_UNCONFIRMED_APPLICATION_DAYS = 30
    settings.RETENTION_REJECTED_APPLICATION_DAYS = 365
    settings.RETENTION_UNUSED_INVITATION_DAYS = 90
    old_unconfirmed = ApplicationFactory(status=Application.Status.UNCONFIRMED)
    _age(old_unconfirmed, 31)
    fresh_unconfirmed = ApplicationFactory(status=Application.Status.UNCONFIRMED)
    _age(fresh_unconfirmed, 29)
    old_rejected = ApplicationFactory(status=Application.Status.REJECTED, rejection_reason="Poza Małopolską.")
    _age(old_rejected, 400, decided=True)
    fresh_rejected = ApplicationFactory(status=Application.Status.REJECTED)
    _age(fresh_rejected, 100, decided=True)
    accepted = ApplicationFactory(status=Application.Status.ACCEPTED)
    _age(accepted, 900, decided=True)
    return {
        "old_unconfirmed": old_unconfirmed, "fresh_unconfirmed": fresh_unconfirmed, "old_rejected": old_rejected,
        "fresh_rejected": fresh_rejected, "accepted": accepted,
        "old_invitation": _invitation(expired_days_ago=91), "fresh_invitation": _invitation(expired_days_ago=10),
        "used_invitation": _invitation(expired_days_ago=500, used=True),
    }


def test_dry_run_counts_and_changes_nothing(due):
    report = retention_apply(dry_run=True)
    assert (report.unconfirmed_deleted, report.rejected_anonymised, report.invitations_deleted) == (1, 1, 1)
    assert Application.objects.count() == 5
    assert Invitation.objects.count() == 3
    assert Application.objects.get(pk=due["old_rejected"].pk).applicant_email


def test_it_deletes_unconfirmed_and_unused_past_their_period_and_anonymises_rejected(due):
    report = retention_apply()
    assert (report.unconfirmed_deleted, report.rejected_anonymised, report.invitations_deleted) == (1, 1, 1)
    assert not Application.objects.filter(pk=due["old_unconfirmed"].pk).exists()
    assert set(Invitation.objects.values_list("pk", flat=True)) == {due["fresh_invitation"].pk,
                                                                    due["used_invitation"].pk}
    rejected = Application.objects.get(pk=due["old_rejected"].pk)
    assert (rejected.applicant_email, rejected.director_name) == ("", "")
    assert rejected.rejection_reason == "Poza Małopolską."  # the decision stays on record
    assert not ApplicationCoordinator.objects.filter(application=rejected).exists()
    for kept in ("fresh_unconfirmed", "fresh_rejected", "accepted"):
        application = Application.objects.get(pk=due[kept].pk)
        assert application.applicant_email and application.coordinators.exists()


def test_a_second_run_finds_nothing(due):
    retention_apply()
    report = retention_apply()
    assert (report.unconfirmed_deleted, report.rejected_anonymised, report.invitations_deleted) == (0, 0, 0)


def test_command_dry_run_reports_counts_without_changes(due):
    out = StringIO()
    call_command("retention", "--dry-run", stdout=out)
    assert "(1)" not in out.getvalue()
    assert out.getvalue().count(": 1") == 3
    assert Application.objects.count() == 5


def test_command_reports_what_it_did(due):
    out = StringIO()
    call_command("retention", stdout=out)
    assert out.getvalue().count(": 1") == 3
    assert Application.objects.count() == 4


def test_beat_task_applies_the_routine(due):
    assert retention_task() == {"unconfirmed_deleted": 1, "rejected_anonymised": 1, "invitations_deleted": 1,
                                "dry_run": False}
    assert not mail.outbox
