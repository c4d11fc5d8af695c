import datetime


def full_years(start: datetime.date, end: datetime.date) -> int:
    """Whole years from `start` to `end` (an anniversary counts on its day)."""
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))
