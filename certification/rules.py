"""The certification rules as pure functions: which decisions an audit allows, and validity dates.

Every number comes from the rulebook version in force for the audit's edition.
"""

import datetime

from audits.certification_hooks import CertificateRecord
from audits.models import Edition, RulebookVersion, Stage
from audits.services.editions import stage_standing

from .models import Decision

Outcome = Decision.Outcome
CERTIFICATE_KINDS = {Stage.CERTIFICATE, Stage.EXTENSION}


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def validity(*, kind: str, granted_on: datetime.date, rulebook: RulebookVersion, edition: Edition) -> tuple[
    datetime.date, datetime.date
]:
    """(valid_from, valid_until), both inclusive.

    A certificate or an extension runs from the grant date for the rulebook's number of years
    (15.10.2026 → 14.10.2028 for two years). A Lider title is held for the school year after
    the audited edition: an audit of 2025/2026 gives the title for 1.09.2026–31.08.2027.
    """
    if kind == Stage.LIDER:
        year = edition.start_year + 1
        return datetime.date(year, 9, 1), datetime.date(year + 1, 8, 31)
    years = rulebook.certificate_validity_years if kind == Stage.CERTIFICATE else rulebook.extension_validity_years
    return granted_on, add_years(granted_on, years) - datetime.timedelta(days=1)


def decision_outcomes(
    *, kind: str, passed: bool | None, lider_conditions_met: bool | None, rulebook: RulebookVersion,
    history: list[CertificateRecord], on: datetime.date,
) -> list[str]:
    """The decisions the certification team may take on a signed audit, given the institution's history.

    1. A failed audit allows only a refusal.
    2. Stage I audit: grant. Stage II audit: extend when the stage chain allows an extension on the
       decision date (audits' `stage_standing`), else grant a first certificate.
    3. Stage III audit: the Lider title when the audit met the rulebook's Lider conditions and the stage
       chain still allows the title on the decision date.
    4. Refusing is always possible.
    """
    standing = stage_standing(history, rulebook, on)
    outcomes: list[str] = []
    if passed:
        if kind == Stage.CERTIFICATE:
            outcomes.append(Outcome.CERTIFICATE)
        elif kind == Stage.EXTENSION:
            outcomes.append(Outcome.EXTENSION if standing.available[Stage.EXTENSION] is None else Outcome.CERTIFICATE)
        elif kind == Stage.LIDER and lider_conditions_met and standing.available[Stage.LIDER] is None:
            outcomes.append(Outcome.LIDER)
    outcomes.append(Outcome.REFUSED)
    return outcomes
