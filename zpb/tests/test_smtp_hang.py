"""A hung SMTP relay holds neither a worker nor a web request: sends time out and stay in the outbox."""

import time

import pytest
from django.conf import settings as django_settings
from django.db import transaction

from core.models import OutgoingEmail
from institutions.services.users import user_save
from institutions.tests.factories import UserFactory

from .faults import SilentSmtpServer
from .helpers import wait_for


@pytest.fixture
def hung_smtp(settings):
    server = SilentSmtpServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 1
    yield server
    server.close()


def test_smtp_has_a_timeout_by_default():
    assert 0 < django_settings.EMAIL_TIMEOUT <= 30


def test_tasks_have_time_limits_and_the_broker_gives_a_lost_task_back_after_them():
    from zpb.celery import app

    conf = app.conf
    assert 0 < conf.task_soft_time_limit < conf.task_time_limit
    visibility = conf.broker_transport_options["visibility_timeout"]
    longest = max([conf.task_time_limit] + [limit for limit in _per_task_hard_limits(app)])
    assert longest < visibility <= 5 * 60  # never delivered twice while running; back within minutes when lost


def _per_task_hard_limits(app) -> list[int]:
    app.loader.import_default_modules()
    return [task.time_limit for task in app.tasks.values() if getattr(task, "time_limit", None)]


@pytest.mark.celery
@pytest.mark.fault
def test_a_hung_relay_fails_the_send_by_its_timeout_and_the_email_stays_pending(celery_worker, reference_data,
                                                                                 hung_smtp):
    with transaction.atomic():
        user_save(user=UserFactory.build(username="nowa", email="nowa@szkola.edu.pl"))
    email = OutgoingEmail.objects.get(template="invitation")

    started = time.monotonic()
    assert wait_for(lambda: OutgoingEmail.objects.get(pk=email.pk).attempts == 1, timeout=15)
    assert time.monotonic() - started < 10
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.PENDING  # the sweep tries again later
    assert "timed out" in email.last_error
