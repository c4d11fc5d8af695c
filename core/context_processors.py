from django.http import HttpRequest

from .lib.sections import collect
from .privacy import privacy_notice
from .signals import nav_items, public_links


def navigation(request: HttpRequest) -> dict:
    """Menu entries contributed by the apps (see core.signals), computed lazily per template use."""
    user = getattr(request, "user", None)
    return {
        "nav_extra": (lambda: collect(nav_items, request=request)) if user and user.is_authenticated else [],
        "public_nav": lambda: collect(public_links, request=request),
        # The RODO notice's facts (settings) for the short notices beside forms; called only where used.
        "privacy": privacy_notice,
    }
