"""The rulebooks in force, as the public and coordinators read them."""

import datetime

from institutions.models import Programme

from ..models import RulebookVersion
from .editions import edition_current, rulebook_catalogue, rulebook_default_for


def rulebook_in_force(programme: str, *, today: datetime.date) -> RulebookVersion | None:
    """The current edition's rulebook for the programme; between editions, the latest version in force."""
    edition = edition_current(today=today)
    if edition is not None:
        return edition.rulebook_for(programme)
    return rulebook_default_for(programme, on=today)


def rules_in_force(*, today: datetime.date) -> list[tuple[RulebookVersion, list]]:
    """Each programme's rulebook in force with its catalogue (areas with criteria), programmes without one left out."""
    found = [rulebook_in_force(programme, today=today) for programme in Programme.values]
    return [(rulebook, list(rulebook_catalogue(rulebook))) for rulebook in found if rulebook is not None]
