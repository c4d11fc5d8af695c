"""The result under a rulebook: a pure function, tested without the database."""

import datetime
from decimal import Decimal

import pytest

from audits.certification_hooks import CertificateRecord
from audits.models import RulebookVersion, Stage
from audits.services.audits import audit_result
from core.lib.dates import full_years

AUDIT_DAY = datetime.date(2026, 5, 20)


def rulebook(**kwargs) -> RulebookVersion:
    return RulebookVersion(**{"max_points": 35, "pass_threshold_percent": 80, "lider_min_years": 7, **kwargs})


def certificate(*, granted=datetime.date(2024, 10, 1), valid_until=datetime.date(2029, 9, 30), revoked=False,
                kind=Stage.EXTENSION) -> CertificateRecord:
    return CertificateRecord(kind=kind, granted_on=granted, valid_until=valid_until, revoked=revoked)


STAGE_ONE = certificate(granted=datetime.date(2022, 10, 1), valid_until=datetime.date(2024, 9, 30),
                        kind=Stage.CERTIFICATE)


def lider(scores, *, certificates=None, **rules):
    """A Lider audit of a school whose stage I (2022–2024) and extension (2024–2029) cover 7 years."""
    return audit_result(scores, rulebook(**rules), kind=Stage.LIDER, audit_date=AUDIT_DAY,
                        certificates=[STAGE_ONE, certificate()] if certificates is None else certificates)


def test_total_and_share_of_the_maximum():
    result = audit_result([10, 5, 9, 7], rulebook())
    assert (result.total_points, result.max_points, result.percent) == (31, 35, Decimal("88.57"))


def test_exactly_the_threshold_passes():
    # 80 % of 35 is 28 points exactly.
    assert audit_result([28], rulebook()).passed is True


def test_one_point_below_the_threshold_fails():
    assert audit_result([27], rulebook()).passed is False


def test_a_fractional_pass_mark_is_not_rounded_down():
    # 80 % of 36 is 28.8: 28 points fail even though 28/36 rounds to 77.78 %, 29 pass.
    assert audit_result([28], rulebook(max_points=36)).passed is False
    assert audit_result([29], rulebook(max_points=36)).passed is True


def test_the_threshold_comes_from_the_rulebook():
    assert audit_result([25], rulebook(pass_threshold_percent=70)).passed is True


def test_full_marks_pass_with_100_percent():
    result = audit_result([35], rulebook())
    assert (result.passed, result.percent) == (True, Decimal("100.00"))


def test_lider_conditions_are_not_judged_for_other_kinds():
    assert audit_result([35], rulebook(), kind=Stage.CERTIFICATE).lider_conditions_met is None


def test_lider_conditions_met_with_points_years_and_a_valid_certificate():
    assert lider([35]).lider_conditions_met is True


def test_lider_needs_a_passed_audit():
    assert lider([20]).lider_conditions_met is False


def test_lider_needs_the_minimum_years_of_certificates_without_a_break():
    late_extension = certificate(granted=datetime.date(2025, 10, 1), valid_until=datetime.date(2030, 9, 30))
    result = lider([35], certificates=[STAGE_ONE, late_extension])  # a gap of a year and a day: counting restarts
    assert (result.lider_conditions_met, result.notes) == (False, ["years"])
    assert lider([35], lider_min_years=8).lider_conditions_met is False


def test_lider_is_not_met_with_stage_i_only_however_long_ago_the_school_joined():
    stage_one = certificate(granted=datetime.date(2025, 10, 1), valid_until=datetime.date(2027, 9, 30),
                            kind=Stage.CERTIFICATE)
    result = lider([35], certificates=[stage_one], lider_min_years=1)
    assert (result.lider_conditions_met, result.notes) == (False, ["certificate"])


def test_lider_needs_an_extension_valid_on_the_audit_day():
    expired = certificate(valid_until=datetime.date(2026, 5, 19))
    assert lider([35], certificates=[STAGE_ONE, expired]).lider_conditions_met is False


def test_a_revoked_certificate_does_not_count():
    assert lider([35], certificates=[STAGE_ONE, certificate(revoked=True)]).lider_conditions_met is False


def test_a_lider_title_is_not_a_certificate():
    assert lider([35], certificates=[certificate(kind=Stage.LIDER)]).lider_conditions_met is False


def test_the_validity_condition_can_be_switched_off_in_the_rulebook():
    expired = certificate(valid_until=datetime.date(2026, 5, 19))
    assert lider([35], certificates=[STAGE_ONE, expired], lider_min_years=3,
                 lider_requires_valid_certificate=False).lider_conditions_met is True


@pytest.mark.parametrize(("start", "end", "years"), [
    (datetime.date(2019, 9, 1), datetime.date(2026, 8, 31), 6),
    (datetime.date(2019, 9, 1), datetime.date(2026, 9, 1), 7),
    (datetime.date(2020, 2, 29), datetime.date(2027, 2, 28), 6),
])
def test_full_years(start, end, years):
    assert full_years(start, end) == years
