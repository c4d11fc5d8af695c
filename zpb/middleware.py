"""Response headers that every page of the app carries."""

from django.conf import settings


class SecurityHeadersMiddleware:
    """Adds the Permissions-Policy (browser features the app never uses are off)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
