"""Template helpers for partner confirmations."""

from django import template

register = template.Library()


@register.filter
def for_item(confirmations: dict, item_id: int) -> list:
    """The confirmation links of one action-plan item (from selectors.confirmations.confirmations_by_item)."""
    return confirmations.get(item_id, []) if confirmations else []
