"""What certification adds to pages of other apps: menu, start pages, institution page, public links."""

from django.dispatch import receiver
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from core.lib.order import InstitutionPage, MainMenu, PublicMenu
from core.lib.sections import NavItem, Section
from core.signals import nav_items, public_links
from institutions.authenticated import AuthenticatedHttpRequest
from institutions.signals import institution_sections

from . import badge, selectors


@receiver(nav_items)
def certification_nav(sender, request: AuthenticatedHttpRequest, **kwargs) -> list[NavItem]:
    if request.user.is_kwp:
        return [
            NavItem(order=MainMenu.CERTIFICATES, label=_("Certificates"), url=reverse("certification:certificate-list"))
        ]
    if request.user.is_auditor and selectors.commission_list_for_user(user=request.user).exists():
        return [NavItem(order=MainMenu.COMMISSION, label=_("Certification commission"),
                        url=reverse("certification:commission-list"))]
    return []


@receiver(public_links)
def certification_public_links(sender, request: HttpRequest, **kwargs) -> list[NavItem]:
    return [
        NavItem(order=PublicMenu.VERIFY, label=_("Verify a certificate"), url=reverse("certification:verify")),
        NavItem(
            order=PublicMenu.REGISTER,
            label=_("Register of certified institutions"),
            url=reverse("certification:register"),
        ),
    ]


@receiver(institution_sections)
def certification_institution_section(
    sender, institution, request: AuthenticatedHttpRequest, **kwargs
) -> list[Section]:
    user = request.user
    certificates = (
        selectors.certificate_list_for_user(user=user).filter(institution=institution).order_by("-granted_on")
    )
    # The page shows the latest part of the timeline: it grows by a handful of entries every year.
    timeline = selectors.institution_timeline(institution=institution, user=user)
    recent = timeline[-selectors.TIMELINE_RECENT:]
    context = {"certificates": list(certificates), "timeline": recent, "timeline_earlier": len(timeline) - len(recent)}
    # The badge to embed on the school's website: for its coordinators and KWP staff (docs/badge-and-map.md).
    if user.is_kwp or (user.is_coordinator and institution.coordinators.filter(pk=user.pk).exists()):
        context |= {"badge_snippet": badge.embed_snippet(institution),
                    "badge_url": reverse("certification:badge", args=[institution.public_id])}
    return [
        Section(
            order=InstitutionPage.CERTIFICATES, template="certification/sections/_institution.html", context=context
        )
    ]
