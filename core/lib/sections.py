"""Extension points between apps: upstream pages ask, downstream apps answer through signals.

Dependencies point one way (certification → audits → partners → institutions), so an upstream
page such as the institution page or the start page cannot import the apps that add to it.
It sends a signal; each app's receiver returns `Section`s or `NavItem`s to show.
"""

from dataclasses import dataclass, field
from typing import Any

from django.dispatch import Signal


@dataclass(frozen=True)
class Section:
    """A block of a page: the template to include and its context (available as `section`)."""

    order: int
    template: str
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class NavItem:
    order: int
    label: str
    url: str


def collect(signal: Signal, **kwargs) -> list:
    """Every receiver's answer (a Section, a NavItem or a list of them), flattened and ordered."""
    items = []
    for _receiver, answer in signal.send(sender=None, **kwargs):
        if answer:
            items.extend(answer if isinstance(answer, list | tuple) else [answer])
    return sorted(items, key=lambda item: item.order)
