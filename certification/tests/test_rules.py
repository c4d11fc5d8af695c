import datetime

import pytest

from audits.certification_hooks import CertificateRecord
from audits.models import Stage
from audits.tests.factories import EditionFactory, RulebookFactory
from certification.rules import add_years, decision_outcomes, validity
from institutions.models import Programme

D = datetime.date


@pytest.fixture
def spb():
    return RulebookFactory.build(programme=Programme.SPB, certificate_validity_years=2, extension_validity_years=5)


@pytest.fixture
def edition_2025(spb):
    return EditionFactory.build(start_year=2025, spb_rulebook=spb)


def record(kind=Stage.CERTIFICATE, granted=datetime.date(2024, 10, 1), until=datetime.date(2026, 9, 30), revoked=False):
    return CertificateRecord(kind=kind, granted_on=granted, valid_until=until, revoked=revoked)


def outcomes(spb, *, kind, passed=True, lider=False, history=(), on=datetime.date(2026, 10, 15)):
    return decision_outcomes(kind=kind, passed=passed, lider_conditions_met=lider, rulebook=spb,
                             history=list(history), on=on)


def test_a_certificate_is_valid_for_two_years_from_the_grant(spb, edition_2025):
    assert validity(kind=Stage.CERTIFICATE, granted_on=D(2026, 10, 15), rulebook=spb, edition=edition_2025) == (
        D(2026, 10, 15), D(2028, 10, 14))


def test_an_extension_is_valid_for_five_years(spb, edition_2025):
    assert validity(kind=Stage.EXTENSION, granted_on=D(2026, 10, 15), rulebook=spb, edition=edition_2025) == (
        D(2026, 10, 15), D(2031, 10, 14))


def test_a_university_certificate_follows_its_rulebook(edition_2025):
    uwpb = RulebookFactory.build(programme=Programme.UWPB, certificate_validity_years=4)
    assert validity(kind=Stage.CERTIFICATE, granted_on=D(2026, 11, 2), rulebook=uwpb, edition=edition_2025)[1] == D(
        2030, 11, 1)


def test_the_lider_title_is_held_for_the_school_year_after_the_audited_edition(spb, edition_2025):
    assert validity(kind=Stage.LIDER, granted_on=D(2026, 10, 15), rulebook=spb, edition=edition_2025) == (
        D(2026, 9, 1), D(2027, 8, 31))


def test_a_grant_on_29_february_ends_on_27_february(spb, edition_2025):
    assert validity(kind=Stage.CERTIFICATE, granted_on=D(2028, 2, 29), rulebook=spb, edition=edition_2025)[1] == D(
        2030, 2, 27)


def test_add_years_keeps_the_day():
    assert add_years(D(2026, 3, 31), 5) == D(2031, 3, 31)


def test_a_failed_audit_can_only_be_refused(spb):
    assert outcomes(spb, kind=Stage.CERTIFICATE, passed=False) == ["refused"]


def test_a_passed_stage_one_audit_can_be_granted(spb):
    assert outcomes(spb, kind=Stage.CERTIFICATE) == ["certificate", "refused"]


def test_an_extension_needs_an_earlier_certificate(spb):
    assert outcomes(spb, kind=Stage.EXTENSION, history=[record()]) == ["extension", "refused"]


def test_an_extension_audit_without_history_offers_a_first_certificate(spb):
    assert outcomes(spb, kind=Stage.EXTENSION) == ["certificate", "refused"]


def test_a_revoked_certificate_does_not_count_for_an_extension(spb):
    assert outcomes(spb, kind=Stage.EXTENSION, history=[record(revoked=True)]) == ["certificate", "refused"]


SEVEN_YEARS = [record(granted=D(2021, 10, 1), until=D(2023, 9, 30)),
               record(kind=Stage.EXTENSION, granted=D(2023, 10, 1), until=D(2028, 9, 30))]


def test_lider_needs_a_valid_certificate_and_the_conditions(spb):
    history = SEVEN_YEARS
    assert outcomes(spb, kind=Stage.LIDER, lider=True, history=history) == ["lider", "refused"]


def test_lider_is_not_offered_when_the_conditions_are_not_met(spb):
    history = SEVEN_YEARS
    assert outcomes(spb, kind=Stage.LIDER, lider=False, history=history) == ["refused"]


def test_lider_is_not_offered_after_the_certificate_expired(spb):
    assert outcomes(spb, kind=Stage.LIDER, lider=True, history=[record(until=D(2026, 9, 30))]) == ["refused"]


def test_lider_is_not_offered_on_stage_i_alone(spb):
    assert outcomes(spb, kind=Stage.LIDER, lider=True, history=[record(until=D(2027, 9, 30))]) == ["refused"]


def test_lider_without_a_valid_certificate_when_the_rulebook_allows_it(spb):
    spb.lider_requires_valid_certificate = False
    expired = [record(granted=D(2019, 6, 1), until=D(2021, 5, 31)),
               record(kind=Stage.EXTENSION, granted=D(2021, 6, 1), until=D(2026, 5, 31))]
    assert outcomes(spb, kind=Stage.LIDER, lider=True, history=expired) == ["lider", "refused"]
