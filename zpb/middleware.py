"""Response headers that every page of the app carries."""

from django.conf import settings
from django.http import FileResponse
from django.utils.cache import patch_cache_control


class SecurityHeadersMiddleware:
    """Adds the Permissions-Policy (browser features the app never uses are off), and keeps every signed-in
    page and every download out of shared and browser caches (school computers are shared): the next person
    at the desk must not find a coordinator's page in the back button's cache or a proxy's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or is_download(response):
            patch_cache_control(response, private=True, no_store=True)
        return response


def is_download(response) -> bool:
    return isinstance(response, FileResponse) or response.headers.get("Content-Disposition", "").startswith(
        "attachment"
    )
