"""Results many requests share, kept in the shared cache under a version that writes bump.

Every key carries a version number, itself kept in the cache: whatever can change the result bumps it, so the
next request sees the change at once and the stale entries simply expire. The day is in the key too (validity
starts and ends at midnight), and the language (the results may be rendered text). The version is bumped at
once and again after the commit: a result rebuilt from the old data in between would otherwise be stored under
the new version.

Only where every process shares the cache (settings.PUBLIC_PAGE_CACHE: with CACHE_URL, or the embedded mode's
single process). The cache is an optimisation, never a dependency: when it cannot be reached the result is
built as if nothing were cached (Redis down must not take the pages with it). After a failure this process leaves
the cache alone for BACKOFF_SECONDS, so a request that issues a batch of certificates (a bump each) pays for a
hanging Redis once, not once per row; a bump missed meanwhile is made at the first chance after.
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

TIMEOUT_SECONDS = 10 * 60
BACKOFF_SECONDS = 10.0
_MISSING = object()
_skip_until = 0.0  # one cache behind every VersionedCache: a failure of one holds for all


def _available() -> bool:
    return time.monotonic() >= _skip_until


def _failed() -> None:
    global _skip_until
    _skip_until = time.monotonic() + BACKOFF_SECONDS


def reset() -> None:
    """Forget a recent failure (tests; a cache known to be back)."""
    global _skip_until
    _skip_until = 0.0


def _fresh_version() -> int:
    # A version key lost (evicted, cache restarted) restarts from the clock in milliseconds: above every number
    # used before it, so no entry stored under an older version is ever read again.
    return int(time.time() * 1000)


class VersionedCache:
    def __init__(self, name: str):
        self.name = name
        self.version_key = f"{name}:version"
        self._bump_owed = False

    def _version(self) -> int:
        if self._bump_owed:  # a change made while the cache was unreachable
            self._bump_now()
            if not _available():
                raise ConnectionError(f"cache unreachable; the version of {self.name} is owed a bump")
        version = cache.get(self.version_key)
        if version is None:
            cache.add(self.version_key, _fresh_version(), timeout=None)
            version = cache.get(self.version_key) or _fresh_version()
        return int(version)

    def _bump_now(self) -> None:
        self._bump_owed = True
        if not _available():
            return
        try:
            try:
                cache.incr(self.version_key)
            except ValueError:  # not there: a fresh number does the same
                cache.set(self.version_key, _fresh_version(), timeout=None)
        except Exception:
            _failed()
            logger.warning("Cache unreachable; the version of %s was not bumped", self.name, exc_info=True)
        else:
            self._bump_owed = False

    def bump(self) -> None:
        """What the cached results show has changed (or will, once the current transaction commits)."""
        self._bump_now()
        transaction.on_commit(self._bump_now)

    def cached(self, page: str, parts: tuple[Any, ...], build: Callable[[], Any]) -> Any:
        """`build()`'s result for this page and these parts (e.g. the filters), from the cache when it is there."""
        if not settings.PUBLIC_PAGE_CACHE or not _available():
            return build()
        digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
        try:
            key = (f"{self.name}:{page}:{self._version()}:{translation.get_language()}:"
                   f"{timezone.localdate().isoformat()}:{digest}")
            value = cache.get(key, _MISSING)
        except Exception:
            _failed()
            logger.warning("Cache unreachable; building %s without it", page, exc_info=True)
            return build()
        if value is not _MISSING:
            return value
        value = build()
        try:
            cache.set(key, value, timeout=TIMEOUT_SECONDS)
        except Exception:
            _failed()
            logger.warning("Cache unreachable; %s not stored", page, exc_info=True)
        return value

    def version_tag(self) -> str | None:
        """What the cached results are built from, as a tag (the version, language and day) for an ETag; None
        when nothing is cached or the cache cannot be reached (then nothing can be revalidated)."""
        if not settings.PUBLIC_PAGE_CACHE or not _available():
            return None
        try:
            return f"{self._version()}:{translation.get_language()}:{timezone.localdate().isoformat()}"
        except Exception:
            _failed()
            logger.warning("Cache unreachable; no version of %s for an ETag", self.name, exc_info=True)
            return None
