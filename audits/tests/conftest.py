"""Fixtures of the audits tests: a pinned "today", certificate history as certification would report it, people."""

import datetime
from collections import defaultdict
from types import SimpleNamespace

import pytest
from django.utils import timezone

from audits import certification_hooks as hooks
from audits.certification_hooks import CertificateRecord
from audits.models import Stage
from audits.tests.factories_editions import TODAY
from institutions.models import Institution
from institutions.tests.factories import InstitutionFactory, KwpStaffFactory, UserFactory


@pytest.fixture
def today(monkeypatch) -> datetime.date:
    """Pin "today" (Warsaw) to 25.11.2026 for services, views and the live server alike."""
    original = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else original(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return TODAY


@pytest.fixture
def certificates(monkeypatch):
    """Give institutions certificates, as certification would report them through audits.certification_hooks."""
    records: dict[int, list[CertificateRecord]] = defaultdict(list)
    monkeypatch.setattr(hooks, "_history", lambda institution_id: list(records[institution_id]))

    def give(institution: Institution, *, granted_on: datetime.date, years: int = 2, kind: str = Stage.CERTIFICATE,
             revoked: bool = False) -> CertificateRecord:
        valid_until = granted_on.replace(year=granted_on.year + years) - datetime.timedelta(days=1)
        record = CertificateRecord(kind=kind, granted_on=granted_on, valid_until=valid_until, revoked=revoked)
        records[institution.pk].append(record)
        return record

    return give


@pytest.fixture
def people(reference_data) -> SimpleNamespace:
    """KWP staff, and two schools each with its own coordinator (independent of the access-matrix world)."""
    coordinator, other = UserFactory(), UserFactory()
    return SimpleNamespace(
        kwp=KwpStaffFactory(), coordinator=coordinator, other_coordinator=other,
        school=InstitutionFactory(coordinators=[coordinator]), other_school=InstitutionFactory(coordinators=[other]),
    )
