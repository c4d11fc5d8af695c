"""The outbox sweep (beat, every 30 s) brings back what never reached the broker, and queues nothing twice."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.emails import email_outbox_flush
from core.models import OutgoingEmail
from institutions.services.users import user_save
from institutions.tests.factories import UserFactory

from .faults import OwnRedis, celery_on


@pytest.fixture
def purge():
    from zpb.celery import app

    app.control.purge()
    yield
    app.control.purge()


def queue_invitation(when) -> OutgoingEmail:
    with transaction.atomic():
        user_save(user=UserFactory.build(email=f"nowa{UserFactory._meta.model.objects.count()}@szkola.edu.pl"))
    email = OutgoingEmail.objects.filter(template="invitation").latest("pk")
    OutgoingEmail.objects.filter(pk=email.pk).update(created_at=when)
    return email


def test_the_sweep_runs_every_30_seconds():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["email-outbox-flush"]["schedule"] <= 30
    assert schedule["certificate-pdf-resend"]["schedule"] <= 30


@pytest.mark.django_db(transaction=True)
def test_an_email_that_never_reached_the_broker_is_queued_by_the_next_sweep_and_only_once(reference_data, purge):
    with celery_on(OwnRedis().url):  # nothing listens there: the publish after commit fails
        queue_invitation(timezone.now() - timedelta(seconds=40))
    assert email_outbox_flush() == 1
    assert email_outbox_flush() == 0  # queued a moment ago: in flight, not queued twice


@pytest.mark.django_db(transaction=True)
def test_an_email_queued_long_ago_and_still_pending_is_queued_again(reference_data, purge):
    email = queue_invitation(timezone.now() - timedelta(minutes=10))
    assert email_outbox_flush() == 0  # its message is still in the queue (no worker ran)
    OutgoingEmail.objects.filter(pk=email.pk).update(queued_at=timezone.now() - timedelta(minutes=4))
    assert email_outbox_flush() == 1  # lost with a killed worker: longer in flight than any task may run
