"""A per-address, per-minute counter for public forms and look-ups, so they cannot be used in bulk.

The counters live in the shared cache (Redis in production), so the limit holds across gunicorn
workers. When that cache cannot be reached, the limit falls back to a counter in this process's
memory: the page still answers (a limiter whose store is down must not take the page with it),
each worker still limits on its own, and one WARNING per minute and process says so in the log.
"""

import logging
import time

from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .http import client_ip

WINDOW_SECONDS = 60

logger = logging.getLogger(__name__)
_local = LocMemCache("zpb-throttle-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
_last_warning = 0.0


def too_many(request: HttpRequest, scope: str, limit: int, *, key: str | None = None,
             window: int = WINDOW_SECONDS) -> bool:
    """Count this request in the current window for `scope` and the client's address (or `key`,
    e.g. a target account); True once over `limit` in that window."""
    who = key if key is not None else client_ip(request)
    cache_key = f"throttle:{scope}:{who}:{int(time.time() // window)}"
    try:
        count = _count(cache, cache_key, window)
    except Exception:  # the shared store is down: limit in this process rather than fail the page
        _warn_once_a_minute()
        count = _count(_local, cache_key, window)
    return count > limit


def _count(store, key: str, window: int) -> int:
    store.add(key, 0, timeout=2 * window)
    try:
        return store.incr(key)
    except ValueError:  # expired between add and incr
        store.set(key, 1, timeout=2 * window)
        return 1


def _warn_once_a_minute() -> None:
    global _last_warning
    now = time.monotonic()
    if not _last_warning or now - _last_warning >= WINDOW_SECONDS:
        _last_warning = now
        logger.warning("Rate-limit cache unreachable; limiting per process (in-process counters) until it is back",
                       exc_info=True)


def too_many_response(request: HttpRequest, message: str = "", *, title: str = "",
                      back: tuple[str, str] | None = None, retry_after: int = WINDOW_SECONDS) -> HttpResponse:
    """The answer once over the limit: 429, and when to try again (the next window).

    One page for every limited place; each says what was limited and, with `back` (url, label), where to go next.
    """
    message = message or _("Too many requests came from your address in a short time. Wait a minute and try again.")
    context = {"title": title or _("Too many attempts"), "message": message, "back": back}
    response = render(request, "zpb/too_many.html", context, status=429)
    response["Retry-After"] = str(retry_after)
    return response
