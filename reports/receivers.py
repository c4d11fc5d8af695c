"""Download buttons on the lists of the lower apps (they ask through core.signals.list_exports), and the menu
entries of the user's exports and of the county view."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from core.lib.order import MainMenu
from core.lib.sections import NavItem
from core.signals import list_exports, nav_items
from institutions.authenticated import AuthenticatedHttpRequest
from institutions.models import Programme


def _links(request: AuthenticatedHttpRequest, url: str, *, label: str = "", **extra: str) -> list[NavItem]:
    """XLSX and CSV of `url` with the list's current filters (the page number dropped)."""
    query = request.GET.copy()
    for key in ("page", "format"):
        query.pop(key, None)
    for key, value in extra.items():
        query[key] = value
    items = []
    for order, fmt in enumerate(("xlsx", "csv")):
        query["format"] = fmt
        text = f"{fmt.upper()} {label}".strip()
        items.append(NavItem(order, text, f"{url}?{query.urlencode()}"))
    return items


@receiver(list_exports, dispatch_uid="reports.list_exports")
def export_links(sender, request: AuthenticatedHttpRequest, name: str, **kwargs) -> list[NavItem]:
    user = request.user
    if name == "institutions" and (user.is_kwp or user.is_coordinator):
        return _links(request, reverse("reports:export-institutions"))
    if name == "certificates" and (user.is_kwp or user.is_coordinator):
        return _links(request, reverse("reports:export-certificates"))
    if name == "self-assessments" and user.is_kwp:
        return _links(request, reverse("reports:export-self-assessments"))
    if name == "audits" and user.is_kwp:
        url = reverse("reports:export-audits", args=[kwargs["edition"].pk])
        chosen = request.GET.get("programme")
        if chosen in Programme.values:
            return _links(request, url, label=chosen)
        # Each programme has its own rulebook, hence its own criterion columns: one file per programme.
        return [item for programme in Programme.values for item in _links(request, url, label=programme,
                                                                            programme=programme)]
    if name == "survey-results" and user.is_kwp:
        return _links(request, reverse("reports:export-survey-results"))
    return []


@receiver(nav_items, dispatch_uid="reports.nav_items")
def exports_nav(sender, request: AuthenticatedHttpRequest, **kwargs) -> list[NavItem]:
    if request.user.is_kwp or request.user.is_coordinator:
        return [NavItem(order=MainMenu.EXPORTS, label=_("My exports"), url=reverse("reports:export-job-list"))]
    return []


@receiver(nav_items, dispatch_uid="reports.unit_nav")
def unit_nav(sender, request: AuthenticatedHttpRequest, **kwargs) -> NavItem | None:
    user = request.user
    if user.served_unit_id or user.is_kwp:
        return NavItem(MainMenu.UNIT, _("County view"), reverse("reports:unit"))
    return None
