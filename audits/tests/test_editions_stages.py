import datetime

import pytest

from audits.models import Stage
from audits.services.editions import stage_offered, stages_available
from audits.tests.factories_editions import TODAY, open_edition
from institutions.tests.factories import InstitutionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]
D = datetime.date


def test_without_a_certificate_only_stage_i_is_available():
    stages = stages_available(InstitutionFactory(), open_edition(), on=TODAY)

    assert [s for s, reason in stages.items() if reason is None] == [Stage.CERTIFICATE]


def test_without_a_certificate_stage_i_is_offered():
    assert stage_offered(InstitutionFactory(), open_edition(), on=TODAY) == Stage.CERTIFICATE


def test_with_a_valid_certificate_stage_i_is_refused_with_its_validity(certificates):
    institution = InstitutionFactory()
    certificates(institution, granted_on=D(2025, 10, 15))

    reason = stages_available(institution, open_edition(), on=TODAY)[Stage.CERTIFICATE]

    assert "14.10.2027" in reason


def test_with_a_valid_certificate_an_extension_is_available_and_offered(certificates):
    institution = InstitutionFactory()
    certificates(institution, granted_on=D(2025, 10, 15))
    edition = open_edition()

    assert stages_available(institution, edition, on=TODAY)[Stage.EXTENSION] is None
    assert stage_offered(institution, edition, on=TODAY) == Stage.EXTENSION


def test_a_certificate_expired_months_ago_still_allows_an_extension(certificates):
    institution = InstitutionFactory()
    certificates(institution, granted_on=D(2024, 6, 1))  # valid until 31.05.2026

    assert stages_available(institution, open_edition(), on=TODAY)[Stage.EXTENSION] is None


def test_a_certificate_expired_years_ago_means_starting_again_at_stage_i(certificates):
    institution = InstitutionFactory()
    certificates(institution, granted_on=D(2016, 10, 1))

    stages = stages_available(institution, open_edition(), on=TODAY)

    assert stages[Stage.EXTENSION] is not None and stages[Stage.CERTIFICATE] is None


def test_a_revoked_certificate_does_not_count(certificates):
    institution = InstitutionFactory()
    certificates(institution, granted_on=D(2025, 10, 15), revoked=True)

    assert stage_offered(institution, open_edition(), on=TODAY) == Stage.CERTIFICATE


def test_lider_needs_a_valid_certificate():
    institution = InstitutionFactory(joined_on=D(2010, 9, 1))

    assert stages_available(institution, open_edition(), on=TODAY)[Stage.LIDER] is not None


def test_lider_is_available_after_seven_years_with_a_valid_certificate(certificates):
    institution = InstitutionFactory(joined_on=D(2019, 9, 1))
    certificates(institution, granted_on=D(2025, 10, 15), kind=Stage.EXTENSION, years=5)

    assert stages_available(institution, open_edition(), on=TODAY)[Stage.LIDER] is None


def test_lider_is_refused_before_seven_full_years_in_the_programme(certificates):
    institution = InstitutionFactory(joined_on=D(2019, 11, 26))  # 6 years and 364 days on 25.11.2026
    certificates(institution, granted_on=D(2025, 10, 15))

    reason = stages_available(institution, open_edition(), on=TODAY)[Stage.LIDER]

    assert "7" in reason and "6" in reason


def test_lider_years_follow_the_rulebook(certificates):
    edition = open_edition()
    edition.spb_rulebook.lider_min_years = 3
    institution = InstitutionFactory(joined_on=D(2022, 9, 1))
    certificates(institution, granted_on=D(2025, 10, 15))

    assert stages_available(institution, edition, on=TODAY)[Stage.LIDER] is None


def test_lider_is_refused_when_the_joining_date_is_unknown(certificates):
    institution = InstitutionFactory(joined_on=None)
    certificates(institution, granted_on=D(2025, 10, 15))

    assert stages_available(institution, open_edition(), on=TODAY)[Stage.LIDER] is not None


def test_a_lider_title_alone_is_not_a_certificate(certificates):
    institution = InstitutionFactory(joined_on=D(2010, 9, 1))
    certificates(institution, granted_on=D(2026, 9, 1), years=1, kind=Stage.LIDER)

    assert stage_offered(institution, open_edition(), on=TODAY) == Stage.CERTIFICATE
