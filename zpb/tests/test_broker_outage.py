"""No request waits on the broker: with Redis down, work is stored as pending rows and sent once it is back."""

import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from core.emails import email_outbox_flush
from core.models import OutgoingEmail
from institutions.tests.factories import ApplicationFactory

from .faults import OwnRedis, celery_on
from .helpers import wait_for


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_accepting_an_application_with_the_broker_down_is_quick_and_the_emails_go_out_later(client, reference_data):
    from zpb.tests.world import build_world

    world = build_world()
    application = ApplicationFactory(with_coordinator=False)
    for n in range(3):
        application.coordinators.create(first_name="Ewa", last_name=f"Nowak{n}", email=f"ewa{n}@sp.example.pl")
    client.force_login(world.kwp)
    stopped = OwnRedis()  # a port where a Redis ran and is stopped: connections are refused

    with celery_on(stopped.url):
        started = time.monotonic()
        response = client.post(reverse("institutions:application-accept", args=[application.pk]))
        elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert elapsed < 2, f"the request waited {elapsed:.1f} s on the broker"
    pending = OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.PENDING, template__in=["invitation", "application-accepted"]
    )
    assert pending.count() == 4  # three invitations and the applicant's notice

    # The broker is back: the outbox sweep queues them and a worker sends each once.
    from zpb.celery import app

    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        email_outbox_flush(older_than=timedelta(0))
        assert wait_for(lambda: not pending.exists())
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT, template="invitation").count() == 3
