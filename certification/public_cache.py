"""The public pages everyone sees the same (the register, a verification by code) kept in the shared cache.

Every key carries a version number, itself kept in the cache: whatever can change what those pages show (a
certificate issued or revoked, any saved change to a certificate, an institution activated, deactivated or
moved to another county) bumps it, so the next visitor sees the change at once and the stale entries simply
expire. The day is in the key too (certificates become valid and expire at midnight), and the language (the
pages are rendered per language). The version is bumped at once and again after the commit: a page rebuilt
from the old data in between would otherwise be stored under the new version.

Only where every process shares the cache (PUBLIC_PAGE_CACHE, see settings). The cache is an optimisation, never
a dependency: when it cannot be reached the page is built as if nothing
were cached (Redis down must not take the public pages with it).
"""

import hashlib
import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation

logger = logging.getLogger(__name__)

VERSION_KEY = "public-pages:version"
TIMEOUT_SECONDS = 10 * 60
_MISSING = object()


def _fresh_version() -> int:
    # A version key lost (evicted, cache restarted) restarts from the clock in milliseconds: above every number
    # used before it, so no entry stored under an older version is ever read again.
    return int(time.time() * 1000)


def _version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _fresh_version(), timeout=None)
        version = cache.get(VERSION_KEY) or _fresh_version()
    return int(version)


def _bump_now() -> None:
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # not there: a fresh number does the same
            cache.set(VERSION_KEY, _fresh_version(), timeout=None)
    except Exception:
        logger.warning("Public page cache unreachable; its version was not bumped", exc_info=True)


def bump() -> None:
    """What the public pages show has changed (or will, once the current transaction commits)."""
    _bump_now()
    transaction.on_commit(_bump_now)


def cached(page: str, parts: tuple[Any, ...], build: Callable[[], Any]) -> Any:
    """`build()`'s result for this page and these parts (e.g. the filters), from the cache when it is there."""
    if not settings.PUBLIC_PAGE_CACHE:
        return build()
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    try:
        key = f"public:{page}:{_version()}:{translation.get_language()}:{timezone.localdate().isoformat()}:{digest}"
        value = cache.get(key, _MISSING)
    except Exception:
        logger.warning("Public page cache unreachable; building %s without it", page, exc_info=True)
        return build()
    if value is not _MISSING:
        return value
    value = build()
    try:
        cache.set(key, value, timeout=TIMEOUT_SECONDS)
    except Exception:
        logger.warning("Public page cache unreachable; %s not stored", page, exc_info=True)
    return value


def version_tag() -> str | None:
    """What the cached public pages are built from, as a tag (the version, language and day) for an ETag; None
    when the pages are not cached or the cache cannot be reached (then nothing can be revalidated)."""
    if not settings.PUBLIC_PAGE_CACHE:
        return None
    try:
        return f"{_version()}:{translation.get_language()}:{timezone.localdate().isoformat()}"
    except Exception:
        logger.warning("Public page cache unreachable; no version for an ETag", exc_info=True)
        return None


# Saved changes that reach the public pages without going through the services (the admin, data fixes).
# Saves of the PDF's own fields alone (every render) change nothing public.
PDF_FIELDS = frozenset({
    "pdf", "pdf_status", "pdf_error", "pdf_rendered_at", "pdf_requested_at", "pdf_queued_at", "pdf_sha256",
})


def _certificate_saved(sender, update_fields=None, **kwargs) -> None:
    if update_fields is None or not set(update_fields) <= PDF_FIELDS:
        bump()


def _changed(sender, **kwargs) -> None:
    bump()


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from institutions.models import Institution

    from .models import Certificate

    post_save.connect(_certificate_saved, sender=Certificate, dispatch_uid="public-cache-certificate-saved")
    post_delete.connect(_changed, sender=Certificate, dispatch_uid="public-cache-certificate-deleted")
    # The register shows only active institutions, with their county.
    post_save.connect(_changed, sender=Institution, dispatch_uid="public-cache-institution-saved")
