"""Template helpers for the previous edition's scores beside this one's."""

from django import template

register = template.Library()


@register.filter
def previous_for(previous, code: str):
    """(self-score, audit score) of the previous edition for a criterion code; (None, None) without one."""
    return previous.for_code(code) if previous else (None, None)


@register.filter
def share_of(value, max_points: int):
    from ..selectors.comparison import share

    return share(value, max_points)
