"""Helpers for tests of rulebooks, editions and enrolment: a pinned date, certificate history, an open edition."""

import datetime
from collections import defaultdict
from types import SimpleNamespace

import pytest
from django.utils import timezone

from audits import hooks
from audits.hooks import CertificateRecord
from audits.models import Edition, Stage
from audits.selectors.editions import school_year_start
from audits.tests.factories import EditionFactory, RulebookFactory
from institutions.models import Institution, Programme
from institutions.tests.factories import InstitutionFactory, KwpStaffFactory, UserFactory

TODAY = datetime.date(2026, 11, 25)


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
    """Give institutions certificates, as certification would report them through audits.hooks."""
    records: dict[int, list[CertificateRecord]] = defaultdict(list)
    monkeypatch.setattr(hooks, "_history", lambda institution_id: list(records[institution_id]))

    def give(institution: Institution, *, granted_on: datetime.date, years: int = 2, kind: str = Stage.CERTIFICATE,
             revoked: bool = False) -> CertificateRecord:
        valid_until = granted_on.replace(year=granted_on.year + years) - datetime.timedelta(days=1)
        record = CertificateRecord(kind=kind, granted_on=granted_on, valid_until=valid_until, revoked=revoked)
        records[institution.pk].append(record)
        return record

    return give


def rulebooks_in_force(start_year: int) -> dict:
    """One rulebook per programme, in force on 1 September of `start_year`, each summing to 35."""
    effective = datetime.date(start_year, 9, 1)
    return {
        "spb_rulebook": RulebookFactory(programme=Programme.SPB, effective_from=effective),
        "uwpb_rulebook": RulebookFactory(programme=Programme.UWPB, effective_from=effective, certificate_validity_years=4),
    }


def open_edition(day: datetime.date = TODAY, **kwargs) -> Edition:
    """The edition of `day`'s school year (made if missing), with enrolment open on that day."""
    start_year = school_year_start(day)
    values = {"enrolment_opens": datetime.date(start_year, 9, 1), "enrolment_closes": datetime.date(start_year, 12, 18),
              **kwargs}
    existing = Edition.objects.filter(start_year=start_year).first()
    if existing is None:
        return EditionFactory(start_year=start_year, **{**rulebooks_in_force(start_year), **values})
    Edition.objects.filter(pk=existing.pk).update(**values)
    existing.refresh_from_db()
    return existing


@pytest.fixture
def people(reference_data) -> SimpleNamespace:
    """KWP staff, and two schools each with its own coordinator (independent of the access-matrix world)."""
    coordinator, other = UserFactory(), UserFactory()
    return SimpleNamespace(
        kwp=KwpStaffFactory(), coordinator=coordinator, other_coordinator=other,
        school=InstitutionFactory(coordinators=[coordinator]), other_school=InstitutionFactory(coordinators=[other]),
    )
