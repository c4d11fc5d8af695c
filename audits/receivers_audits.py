"""What the audits pages add to upstream pages: menu entries, the institution, edition and enrolment pages."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from core.lib.order import EditionPage, EnrolmentPage, InstitutionPage, MainMenu
from core.lib.sections import NavItem, Section
from core.signals import nav_items
from institutions.authenticated import AuthenticatedHttpRequest
from institutions.models import Institution
from institutions.signals import institution_sections

from .models import Edition, Enrolment
from .selectors.audits import (
    audit_counts,
    audit_list_for_user,
    audit_results_for_institution,
    with_team,
)
from .signals import edition_sections, enrolment_sections


@receiver(nav_items, dispatch_uid="audits.nav")
def audit_nav(sender, request: AuthenticatedHttpRequest, **kwargs) -> NavItem | None:
    user = request.user
    if user.is_kwp:
        return NavItem(MainMenu.AUDITS, _("Audits"), reverse("audits:audit-index"))
    if user.is_auditor:
        return NavItem(MainMenu.AUDITS, _("My audits"), reverse("audits:audit-mine"))
    return None


@receiver(institution_sections, dispatch_uid="audits.institution")
def audit_institution_section(
    sender, institution: Institution, request: AuthenticatedHttpRequest, **kwargs
) -> Section | None:
    audits = list(audit_results_for_institution(user=request.user, institution=institution))
    if not audits and not request.user.is_kwp:
        return None
    return Section(
        InstitutionPage.AUDITS, "audits/audit/_institution_section.html", {"audits": audits, "institution": institution}
    )


@receiver(edition_sections, dispatch_uid="audits.edition")
def audit_edition_section(sender, edition: Edition, request: AuthenticatedHttpRequest, **kwargs) -> Section | None:
    if not request.user.is_kwp:
        return None
    return Section(EditionPage.AUDITS, "audits/audit/_edition_section.html",
                   {"edition": edition, "counts": audit_counts(user=request.user, edition=edition)})


@receiver(enrolment_sections, dispatch_uid="audits.enrolment")
def audit_enrolment_section(
    sender, enrolment: Enrolment, request: AuthenticatedHttpRequest, **kwargs
) -> Section | None:
    audits = list(with_team(audit_list_for_user(user=request.user).filter(enrolment=enrolment)).order_by("-date"))
    if not audits and not request.user.is_kwp:
        return None
    return Section(
        EnrolmentPage.AUDITS, "audits/audit/_enrolment_section.html", {"enrolment": enrolment, "audits": audits}
    )
