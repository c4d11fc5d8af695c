"""Rate limits of the API, counted like the site's other limits (core/lib/throttle.py: the shared cache,
with an in-process fallback): anonymous clients per address, token holders per account, per minute."""

import time

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from core.lib.throttle import WINDOW_SECONDS, too_many


class ApiThrottle(BaseThrottle):
    def allow_request(self, request, view) -> bool:
        user = request.user
        if user and user.is_authenticated:
            return not too_many(request, "api-user", settings.API_USER_REQUESTS_PER_MINUTE, key=f"user:{user.pk}")
        return not too_many(request, "api-anonymous", settings.API_ANONYMOUS_REQUESTS_PER_MINUTE)

    def wait(self) -> float:
        return WINDOW_SECONDS - time.time() % WINDOW_SECONDS


class CertificateLookupThrottle(BaseThrottle):
    """The verification page's limit, shared with it: codes cannot be tried in bulk through either."""

    def allow_request(self, request, view) -> bool:
        return not too_many(request, "certificate-lookup", settings.CERTIFICATE_LOOKUPS_PER_MINUTE)

    def wait(self) -> float:
        return WINDOW_SECONDS - time.time() % WINDOW_SECONDS
