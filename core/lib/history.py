"""Who made a change, for django-simple-history's next history row of an object."""

from typing import Any

from django.db import models


def history_author(obj: models.Model, by: Any, *, reason: str | None = None) -> None:
    """Set the author (and optionally the reason) that simple-history records when `obj` is saved next."""
    obj._history_user = by  # type: ignore[attr-defined]
    if reason is not None:
        obj._change_reason = reason  # type: ignore[attr-defined]
