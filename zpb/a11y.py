"""The accessibility statement's facts that change over time: the last automated check.

The browser test run (zpb/tests/test_browser_axe.py) or `manage.py a11y_check_record` writes the
date to a small JSON file under VAR_DIR (A11Y_CHECK_FILE), so it works the same in embedded and
production mode and needs no database row.
"""

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.utils import timezone


def check_file() -> Path:
    return Path(settings.A11Y_CHECK_FILE)


def record_check(*, pages: int, forms: int, on: datetime.date | None = None) -> dict:
    data = {"date": (on or timezone.localdate()).isoformat(), "pages": pages, "forms": forms}
    path = check_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))
    return data


def last_check() -> dict | None:
    """{"date": date, "pages": int, "forms": int} of the last passing run, or None."""
    try:
        data = json.loads(check_file().read_text())
        data["date"] = datetime.date.fromisoformat(data["date"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return data


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def statement() -> dict:
    """What the accessibility statement shows, from KWP's settings and the last automated check."""
    return {
        "entity": settings.A11Y_ENTITY,
        "site_url": settings.SITE_URL,
        "published_on": _date(settings.A11Y_PUBLISHED_ON),
        "updated_on": _date(settings.A11Y_UPDATED_ON),
        "prepared_on": _date(settings.A11Y_PREPARED_ON),
        "reviewed_on": _date(settings.A11Y_REVIEWED_ON),
        "status": settings.A11Y_STATUS if settings.A11Y_STATUS in ("full", "partial", "none") else "partial",
        "contact_name": settings.A11Y_CONTACT_NAME,
        "contact_email": settings.A11Y_CONTACT_EMAIL,
        "contact_phone": settings.A11Y_CONTACT_PHONE,
        "building": settings.A11Y_BUILDING,
        "mobile_apps": settings.A11Y_MOBILE_APPS,
        "last_check": last_check(),
    }
