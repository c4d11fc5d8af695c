"""Request-wide behaviour of our own: the language, and the headers every page carries."""

from django.conf import settings
from django.http import FileResponse
from django.utils import translation
from django.utils.cache import patch_cache_control

from core.audit import audit, who


class ChosenLanguageMiddleware:
    """Polish for every visitor; another language only once chosen in the switcher (its cookie).

    Django's LocaleMiddleware follows the browser's Accept-Language; a Polish public body's service
    speaks Polish unless the visitor asks otherwise on the page.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


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
        download = is_download(response)
        if (user is not None and user.is_authenticated) or download:
            patch_cache_control(response, private=True, no_store=True)
        match = getattr(request, "resolver_match", None)
        if match is not None:  # a URL of the app (unknown URLs are no one's refusal)
            if response.status_code in (403, 404):
                audit("refused", status=response.status_code, method=request.method, path=request.path,
                      url=match.view_name, **who(request))
            elif download and response.status_code == 200:
                audit("export" if match.namespace == "reports" else "download", url=match.view_name,
                      path=request.path, query=request.META.get("QUERY_STRING"), **who(request))
        return response


def is_download(response) -> bool:
    return isinstance(response, FileResponse) or response.headers.get("Content-Disposition", "").startswith(
        "attachment"
    )
