"""Removing what the app no longer needs: expired sessions and old login-lockout records (run daily by beat)."""

from dataclasses import dataclass
from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone


@dataclass
class Cleaned:
    sessions: int
    attempts: int
    failures: int
    logins: int


def housekeeping_run(*, now=None) -> Cleaned:
    """Expired sessions go at once; lockout records (failed attempts, the failure log, the login log) after
    LOCKOUT_RECORDS_KEEP_DAYS, long after their cool-off, so a lockout under way is never lifted by this."""
    now = now or timezone.now()
    before = now - timedelta(days=settings.LOCKOUT_RECORDS_KEEP_DAYS)
    sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    attempts, _ = AccessAttempt.objects.filter(attempt_time__lt=before).delete()
    failures, _ = AccessFailureLog.objects.filter(attempt_time__lt=before).delete()
    logins, _ = AccessLog.objects.filter(attempt_time__lt=before).delete()
    return Cleaned(sessions=sessions, attempts=attempts, failures=failures, logins=logins)
