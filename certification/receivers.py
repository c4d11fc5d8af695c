"""What certification adds to pages of other apps: menu, start pages, institution page, public links."""

from django.db.models import Count, Q
from django.dispatch import receiver
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.lib.order import InstitutionPage, MainMenu, PublicMenu, StartPage
from core.lib.sections import NavItem, Section
from core.signals import dashboard_sections, nav_items, public_links
from institutions.http import AuthenticatedHttpRequest
from institutions.signals import institution_sections

from . import selectors
from .models import Certificate


@receiver(nav_items)
def certification_nav(sender, request: AuthenticatedHttpRequest, **kwargs) -> list[NavItem]:
    if request.user.is_kwp:
        return [
            NavItem(order=MainMenu.CERTIFICATES, label=_("Certificates"), url=reverse("certification:certificate-list"))
        ]
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


@receiver(dashboard_sections)
def certification_dashboard(sender, request: AuthenticatedHttpRequest, **kwargs) -> list[Section]:
    user = request.user
    if user.is_kwp:
        today = timezone.localdate()
        certificates = Certificate.objects.all()
        counts = certificates.aggregate(
            pending=_count(Q(pdf_status=Certificate.PdfStatus.PENDING)),
            failed=_count(Q(pdf_status=Certificate.PdfStatus.FAILED)),
            # Expiring certificates are a number on the reports dashboard above this section.
            valid=_count(Q(revoked_at__isnull=True, valid_from__lte=today, valid_until__gte=today)),
        )
        awaiting = selectors.audits_awaiting_decision(user=user, edition=None).count()
        issuable = selectors.issuable_decisions(user=user, edition=None).count()
        context = {**counts, "awaiting": awaiting, "issuable": issuable}
        return [
            Section(
                order=StartPage.CERTIFICATES, template="certification/sections/_dashboard_kwp.html", context=context
            )
        ]
    if user.is_coordinator:
        recent = list(selectors.certificate_list_for_user(user=user).order_by("-granted_on")[:10])
        return [Section(order=StartPage.CERTIFICATES, template="certification/sections/_dashboard_coordinator.html",
                        context={"certificates": recent})]
    return []


def _count(condition: Q) -> Count:
    return Count("pk", filter=condition)


@receiver(institution_sections)
def certification_institution_section(
    sender, institution, request: AuthenticatedHttpRequest, **kwargs
) -> list[Section]:
    user = request.user
    certificates = (
        selectors.certificate_list_for_user(user=user).filter(institution=institution).order_by("-granted_on")
    )
    context = {
        "certificates": list(certificates),
        "timeline": selectors.institution_timeline(institution=institution, user=user),
    }
    return [
        Section(
            order=InstitutionPage.CERTIFICATES, template="certification/sections/_institution.html", context=context
        )
    ]
