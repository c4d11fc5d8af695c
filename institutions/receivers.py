"""What institutions adds to shared pages: KWP's menu entry and start-page notice for applications,
and the public "join" link."""

from django.dispatch import receiver
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from core.lib.order import MainMenu, PublicMenu
from core.lib.sections import NavItem
from core.signals import nav_items, public_links
from institutions.authenticated import AuthenticatedHttpRequest


@receiver(nav_items)
def institutions_nav(sender, request: AuthenticatedHttpRequest, **kwargs) -> list[NavItem]:
    # No count here: the menu is on every page and must not cost a query; the start page shows it.
    if not request.user.is_kwp:
        return []
    return [NavItem(order=MainMenu.APPLICATIONS, label=_("Applications"), url=reverse("institutions:application-list"))]


@receiver(public_links)
def institutions_public_links(sender, request: HttpRequest, **kwargs) -> list[NavItem]:
    return [NavItem(order=PublicMenu.JOIN, label=_("Join the programme"), url=reverse("join:apply"))]
