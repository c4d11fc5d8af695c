"""UI constants shared by the apps' views and forms: one name for each."""

from django import forms

# Rows per page of the paginated lists (institutions, partners, self-assessments, certificates, enrolments).
PAGE_SIZE = 25

# What an <input type="date"> sends and expects, whatever the language; dates shown to people use the
# SHORT_DATE_FORMAT of core/formats/<language>/formats.py instead.
DATE_INPUT_FORMAT = "%Y-%m-%d"


def date_input(**attrs: str) -> forms.DateInput:
    """The browser's date picker, with extra attributes (e.g. min/max)."""
    return forms.DateInput(attrs={"type": "date", **attrs}, format=DATE_INPUT_FORMAT)


DATE_WIDGET = date_input()
