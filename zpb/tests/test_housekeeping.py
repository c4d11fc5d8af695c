"""Beat's daily housekeeping: expired sessions and old login-lockout records go; current ones stay."""

import time
from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from core.tasks import housekeeping_task


def session(expires_in: timedelta) -> str:
    store = SessionStore()
    store["x"] = 1
    store.create()
    Session.objects.filter(pk=store.session_key).update(expire_date=timezone.now() + expires_in)
    return store.session_key


def lockout_records(age: timedelta, username: str) -> None:
    fields = {"username": username, "ip_address": "203.0.113.7", "user_agent": "t"}
    for model, extra in ((AccessAttempt, {"failures_since_start": 3}), (AccessFailureLog, {}), (AccessLog, {})):
        row = model.objects.create(**fields, **extra)
        model.objects.filter(pk=row.pk).update(attempt_time=timezone.now() - age)


def test_beat_runs_housekeeping_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["housekeeping"]
    assert entry["task"] == "core.tasks.housekeeping_task" and entry["schedule"] == 24 * 3600


def test_the_worker_removes_expired_sessions_and_old_lockout_records(celery_worker):
    expired, current = session(-timedelta(minutes=1)), session(timedelta(hours=1))
    keep = timedelta(days=settings.LOCKOUT_RECORDS_KEEP_DAYS)
    lockout_records(keep + timedelta(days=1), "stary")
    lockout_records(keep - timedelta(days=1), "nowy")

    housekeeping_task.delay()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and (
        Session.objects.filter(pk=expired).exists() or AccessLog.objects.filter(username="stary").exists()
    ):
        time.sleep(0.2)

    assert list(Session.objects.values_list("pk", flat=True)) == [current]
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        assert list(model.objects.values_list("username", flat=True)) == ["nowy"], model.__name__
