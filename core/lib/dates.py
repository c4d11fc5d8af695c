import datetime

from django.utils.formats import date_format


def full_years(start: datetime.date, end: datetime.date) -> int:
    """Whole years from `start` to `end` (an anniversary counts on its day)."""
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def short_date(value: datetime.date) -> str:
    """The date as people here read it (25.11.2026): SHORT_DATE_FORMAT of core/formats."""
    return date_format(value, "SHORT_DATE_FORMAT")


def short_datetime(value: datetime.datetime) -> str:
    """Date and time (25.11.2026 14:30) of an already local datetime: SHORT_DATETIME_FORMAT of core/formats."""
    return date_format(value, "SHORT_DATETIME_FORMAT")
