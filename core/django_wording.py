"""Django's own form messages, kept in Django's Polish wording.

Translations are looked up in LOCALE_PATHS, then in every installed app, and only last in Django's own
catalogue, so a library that ships its own Polish for the same message (Django REST framework does, for the
API) would silently reword the forms' errors across the site. Listing them here puts them in core's catalogue,
which comes first (zpb/tests/test_translations.py checks that none drifts).
"""

from django.utils.translation import gettext_noop

MESSAGES = (
    gettext_noop("Enter a valid URL."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("No file was submitted."),
    gettext_noop("The submitted file is empty."),
    gettext_noop("Upload a valid image. The file you uploaded was either not an image or a corrupted image."),
    gettext_noop("Value must be valid JSON."),
)
