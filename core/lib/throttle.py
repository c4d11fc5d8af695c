"""A per-address, per-minute counter for public forms and look-ups, so they cannot be used in bulk."""

import time

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .http import client_ip

WINDOW_SECONDS = 60


def too_many(request: HttpRequest, scope: str, limit: int) -> bool:
    """Count this request in the address's current one-minute window for `scope`; True once over `limit`."""
    key = f"throttle:{scope}:{client_ip(request)}:{int(time.time() // WINDOW_SECONDS)}"
    cache.add(key, 0, timeout=2 * WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=2 * WINDOW_SECONDS)
        count = 1
    return count > limit


def too_many_response(request: HttpRequest, template: str) -> HttpResponse:
    """The answer once over the limit: 429, and when to try again (the next window)."""
    response = render(request, template, status=429)
    response["Retry-After"] = str(WINDOW_SECONDS)
    return response
