"""Request-wide behaviour of our own."""

from django.conf import settings
from django.utils import translation


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
