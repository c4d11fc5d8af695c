"""What self-assessments add to upstream pages: the menu and the institution page (the start page is reports')."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from core.lib.order import InstitutionPage, MainMenu
from core.lib.sections import NavItem, Section
from core.signals import nav_items
from institutions.authenticated import AuthenticatedHttpRequest
from institutions.models import Institution
from institutions.signals import institution_sections

from .selectors.self_assessments import institution_self_assessments


@receiver(nav_items)
def self_assessment_nav(sender, request: AuthenticatedHttpRequest, **kwargs) -> NavItem | None:
    if not request.user.is_kwp:
        return None
    return NavItem(
        order=MainMenu.SELF_ASSESSMENTS, label=_("Self-assessments"), url=reverse("audits:self-assessment-review-list")
    )


@receiver(institution_sections)
def self_assessment_institution_section(
    sender, institution: Institution, request: AuthenticatedHttpRequest, **kwargs
) -> Section:
    assessments = institution_self_assessments(user=request.user, institution=institution)
    return Section(order=InstitutionPage.SELF_ASSESSMENTS, template="audits/self_assessment/_institution_section.html",
                   context={"assessments": assessments})
