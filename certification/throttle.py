"""A per-address limit on public certificate look-ups, so codes cannot be tried in bulk."""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from zpb.lib.http import client_ip


def too_many_lookups(request: HttpRequest, *, limit: int | None = None) -> bool:
    """Count this look-up in the address's current one-minute window; True once over the limit."""
    key = f"certification:lookups:{client_ip(request)}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    return count > (limit or settings.CERTIFICATE_LOOKUPS_PER_MINUTE)
