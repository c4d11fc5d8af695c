"""A per-address, per-minute counter for public forms and look-ups, so they cannot be used in bulk."""

import time

from django.core.cache import cache
from django.http import HttpRequest

from .http import client_ip


def too_many(request: HttpRequest, scope: str, limit: int) -> bool:
    """Count this request in the address's current one-minute window for `scope`; True once over `limit`."""
    key = f"throttle:{scope}:{client_ip(request)}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    return count > limit
