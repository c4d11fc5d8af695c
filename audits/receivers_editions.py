"""What editions and enrolment add to upstream pages: menu entries, start-page sections, the institution page."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from core.lib.order import InstitutionPage, MainMenu, PublicMenu
from core.lib.sections import NavItem, Section
from core.signals import nav_items, public_links
from institutions.authenticated import AuthenticatedHttpRequest
from institutions.models import Institution
from institutions.signals import institution_sections

from .selectors.editions import edition_current, enrolment_list_for_user, enrolment_rows
from .services.editions import enrolment_refusal


@receiver(public_links, dispatch_uid="audits.rules.public")
def rules_public_link(sender, request, **kwargs) -> list[NavItem]:
    return [NavItem(PublicMenu.RULES, _("Certification rules"), reverse("audits:rules-public"))]


@receiver(nav_items, dispatch_uid="audits.editions.nav")
def editions_nav(sender, request: AuthenticatedHttpRequest, **kwargs) -> list[NavItem] | None:
    if request.user.is_coordinator:
        return [NavItem(MainMenu.RULES, _("Certification rules"), reverse("audits:rules-public"))]
    if not request.user.is_kwp:
        return None
    return [NavItem(MainMenu.EDITIONS, _("Editions"), reverse("audits:edition-list")),
            NavItem(MainMenu.RULEBOOKS, _("Rulebooks"), reverse("audits:rulebook-list"))]


@receiver(institution_sections, dispatch_uid="audits.editions.institution")
def enrolment_institution_section(
    sender, institution: Institution, request: AuthenticatedHttpRequest, **kwargs
) -> Section | None:
    user = request.user
    if not (user.is_kwp or user.is_coordinator):
        return None
    enrolments = list(enrolment_list_for_user(user).filter(institution=institution).order_by("-edition__start_year"))
    edition = edition_current()
    row = enrolment_rows([institution], edition, user=user)[0] if edition else None
    return Section(InstitutionPage.ENROLMENTS, "audits/enrolment/_institution_section.html", {
        "institution": institution, "enrolments": enrolments, "edition": edition, "row": row,
        "refusal": enrolment_refusal(edition, by=user) if edition else None,
    })
