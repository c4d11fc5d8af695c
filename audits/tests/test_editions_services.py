import datetime

import pytest
from django.core.exceptions import ValidationError

from audits.models import Edition
from audits.selectors.editions import edition_current
from audits.services.editions import edition_defaults, edition_errors, edition_save
from audits.tests.factories import EditionFactory, EnrolmentFactory, RulebookFactory
from audits.tests.factories_editions import rulebooks_in_force
from institutions.models import Programme

pytestmark = pytest.mark.django_db
D = datetime.date


def edition(**changes) -> Edition:
    """A valid 2026/2027 edition (unsaved) with `changes` applied."""
    return Edition(**{**edition_defaults(2026), **rulebooks_in_force(2026), **changes})


def test_the_defaults_make_a_valid_edition():
    assert edition_errors(edition()) == {}


def test_the_default_audit_window_is_may_and_june_of_the_end_year():
    defaults = edition_defaults(2026)

    assert (defaults["audit_window_start"], defaults["audit_window_end"]) == (D(2027, 5, 1), D(2027, 6, 30))


def test_an_audit_window_starting_in_april_is_refused():
    errors = edition_errors(edition(audit_window_start=D(2027, 4, 28)))

    assert "01.05.2027" in errors["audit_window_start"][0]


def test_an_audit_window_ending_in_july_is_refused():
    assert "audit_window_end" in edition_errors(edition(audit_window_end=D(2027, 7, 2)))


def test_an_audit_window_in_may_of_the_start_year_is_refused():
    assert "audit_window_start" in edition_errors(edition(audit_window_start=D(2026, 5, 4), audit_window_end=D(2026, 6, 1)))


def test_a_deadline_after_the_audit_window_starts_is_refused():
    assert "self_assessment_deadline" in edition_errors(edition(self_assessment_deadline=D(2027, 5, 10)))


def test_enrolment_closing_after_the_deadline_is_refused():
    assert "enrolment_closes" in edition_errors(edition(enrolment_closes=D(2027, 4, 15), self_assessment_deadline=D(2027, 4, 1)))


def test_enrolment_before_the_school_year_is_refused():
    assert "enrolment_opens" in edition_errors(edition(enrolment_opens=D(2026, 8, 20)))


def test_a_ceremony_before_the_end_of_the_audits_is_refused():
    assert "ceremony_date" in edition_errors(edition(ceremony_date=D(2027, 6, 15)))


def test_the_ceremony_is_optional():
    assert edition_errors(edition(ceremony_date=None)) == {}


def test_a_rulebook_of_the_other_programme_is_refused():
    university_rulebook = RulebookFactory(programme=Programme.UWPB, effective_from=D(2026, 8, 1))

    errors = edition_errors(edition(spb_rulebook=university_rulebook))

    assert "spb_rulebook" in errors


def test_a_rulebook_taking_effect_after_the_edition_starts_is_refused():
    later = RulebookFactory(programme=Programme.SPB, effective_from=D(2026, 10, 1))

    assert "spb_rulebook" in edition_errors(edition(spb_rulebook=later))


def test_save_refuses_an_invalid_edition():
    with pytest.raises(ValidationError):
        edition_save(edition=edition(audit_window_end=D(2027, 7, 31)))
    assert not Edition.objects.exists()


def test_save_stores_a_valid_edition():
    saved = edition_save(edition=edition())

    assert Edition.objects.get().pk == saved.pk


def test_defaults_choose_the_latest_rulebook_in_force_on_1_september():
    RulebookFactory(programme=Programme.SPB, effective_from=D(2024, 9, 1))
    in_force = RulebookFactory(programme=Programme.SPB, effective_from=D(2026, 9, 1))
    RulebookFactory(programme=Programme.SPB, effective_from=D(2027, 9, 1))

    assert edition_defaults(2026)["spb_rulebook"] == in_force


def test_the_rulebook_cannot_be_swapped_once_institutions_of_its_programme_are_enrolled(reference_data):
    saved = edition_save(edition=edition())
    EnrolmentFactory(edition=saved)
    saved.spb_rulebook = RulebookFactory(programme=Programme.SPB, effective_from=D(2026, 8, 1))

    with pytest.raises(ValidationError) as exc:
        edition_save(edition=saved)
    assert "spb_rulebook" in exc.value.message_dict


def test_the_current_edition_contains_today():
    EditionFactory(start_year=2025)
    current = EditionFactory(start_year=2026)

    assert edition_current(today=D(2026, 11, 25)) == current


def test_the_current_edition_changes_on_1_september():
    previous = EditionFactory(start_year=2025)
    EditionFactory(start_year=2026)

    assert edition_current(today=D(2026, 8, 31)) == previous


def test_there_is_no_current_edition_when_none_was_created_for_the_school_year():
    EditionFactory(start_year=2024)

    assert edition_current(today=D(2026, 11, 25)) is None


def test_the_window_cannot_be_moved_away_from_planned_audits(reference_data):  # audits need counties
    from audits.tests.factories import AuditFactory

    saved = EditionFactory(start_year=2016)
    AuditFactory(enrolment=EnrolmentFactory(edition=saved), date=D(2017, 6, 20))
    saved.audit_window_end = D(2017, 6, 10)

    assert "1 zaplanowany lub podpisany audyt" in edition_errors(saved)["audit_window_start"][0]
