"""The stage offered comes from the certificate history (audits.services.editions.stage_standing)."""

import datetime

import pytest

from audits.models import Stage
from audits.services.editions import stage_offered, stages_available
from audits.tests.factories_editions import TODAY, open_edition
from institutions.tests.factories import InstitutionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]
D = datetime.date
ONE, TWO, LIDER = Stage.CERTIFICATE, Stage.EXTENSION, Stage.LIDER

# (history as (kind, granted on, years valid, revoked), the stage offered on 25.11.2026, the stages available)
HISTORIES = {
    "none": ([], ONE, {ONE}),
    "I valid": ([(ONE, D(2025, 10, 15), 2, False)], TWO, {TWO}),
    "I expired months ago": ([(ONE, D(2024, 6, 1), 2, False)], TWO, {ONE, TWO}),
    "I expired years ago": ([(ONE, D(2022, 10, 15), 2, False)], ONE, {ONE}),
    "II valid after I": ([(ONE, D(2020, 10, 15), 2, False), (TWO, D(2022, 10, 15), 5, False)], LIDER, {TWO, LIDER}),
    "II valid without the years": ([(TWO, D(2025, 10, 15), 5, False)], TWO, {TWO}),
    "II expired months ago": ([(ONE, D(2019, 6, 1), 2, False), (TWO, D(2021, 6, 1), 5, False)], TWO, {ONE, TWO}),
    "II expired years ago": ([(ONE, D(2016, 10, 15), 2, False), (TWO, D(2018, 10, 15), 5, False)], ONE, {ONE}),
    "Lider last year": ([(ONE, D(2020, 10, 15), 2, False), (TWO, D(2022, 10, 15), 5, False),
                         (LIDER, D(2025, 9, 1), 1, False)], LIDER, {TWO, LIDER}),
    "revoked extension": ([(ONE, D(2020, 10, 15), 2, False), (TWO, D(2022, 10, 15), 5, True)], ONE, {ONE}),
    "revoked certificate": ([(ONE, D(2025, 10, 15), 2, True)], ONE, {ONE}),
    "Lider title alone": ([(LIDER, D(2026, 9, 1), 1, False)], ONE, {ONE}),
    "a gap year, then stage I again": ([(ONE, D(2021, 10, 15), 2, False), (ONE, D(2025, 1, 20), 2, False)],
                                       TWO, {TWO}),
}


@pytest.mark.parametrize(("history", "offered", "available"), HISTORIES.values(), ids=HISTORIES.keys())
def test_the_stage_offered_follows_the_certificate_history(certificates, history, offered, available):
    institution = InstitutionFactory(joined_on=D(2010, 9, 1))  # years since joining count for nothing
    for kind, granted_on, years, revoked in history:
        certificates(institution, kind=kind, granted_on=granted_on, years=years, revoked=revoked)
    edition = open_edition()

    stages = stages_available(institution, edition, on=TODAY)

    assert {stage for stage, reason in stages.items() if reason is None} == available
    assert stage_offered(institution, edition, on=TODAY) == offered


def test_a_school_holding_only_stage_i_is_not_offered_the_lider_title(certificates):
    institution = InstitutionFactory(joined_on=D(2010, 9, 1))
    certificates(institution, granted_on=D(2025, 10, 15))

    reason = stages_available(institution, open_edition(), on=TODAY)[Stage.LIDER]

    assert "etap II" in reason


def test_with_a_valid_certificate_stage_i_is_refused_with_its_validity(certificates):
    institution = InstitutionFactory()
    certificates(institution, granted_on=D(2025, 10, 15))

    reason = stages_available(institution, open_edition(), on=TODAY)[Stage.CERTIFICATE]

    assert "14.10.2027" in reason


def test_lider_years_count_certificates_without_a_break_and_follow_the_rulebook(certificates):
    institution = InstitutionFactory(joined_on=D(2005, 9, 1))
    certificates(institution, granted_on=D(2013, 10, 15))  # then a gap of years
    certificates(institution, granted_on=D(2020, 10, 15))
    certificates(institution, granted_on=D(2022, 10, 15), kind=Stage.EXTENSION, years=5)
    edition = open_edition()
    edition.spb_rulebook.lider_min_years = 8

    reason = stages_available(institution, edition, on=TODAY)[Stage.LIDER]

    assert "8" in reason and "7" in reason
    edition.spb_rulebook.lider_min_years = 7
    assert stages_available(institution, edition, on=TODAY)[Stage.LIDER] is None


def test_lider_needs_a_valid_extension_unless_the_rulebook_says_otherwise(certificates):
    institution = InstitutionFactory()
    certificates(institution, granted_on=D(2019, 6, 1))
    certificates(institution, granted_on=D(2021, 6, 1), kind=Stage.EXTENSION, years=5)  # expired 31.05.2026
    edition = open_edition()
    assert stages_available(institution, edition, on=TODAY)[Stage.LIDER] is not None

    edition.spb_rulebook.lider_requires_valid_certificate = False
    assert stages_available(institution, edition, on=TODAY)[Stage.LIDER] is None
