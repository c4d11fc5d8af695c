"""Helpers for tests of rulebooks, editions and enrolment: a pinned date, certificate history, an open edition."""

import datetime

from audits.models import Edition
from audits.selectors.editions import school_year_start
from audits.tests.factories import EditionFactory, RulebookFactory
from institutions.models import Programme

TODAY = datetime.date(2026, 11, 25)






def rulebooks_in_force(start_year: int) -> dict:
    """One rulebook per programme, in force on 1 September of `start_year`, each summing to 35."""
    effective = datetime.date(start_year, 9, 1)
    return {
        "spb_rulebook": RulebookFactory(programme=Programme.SPB, effective_from=effective),
        "uwpb_rulebook": RulebookFactory(
            programme=Programme.UWPB, effective_from=effective, certificate_validity_years=4
        ),
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

