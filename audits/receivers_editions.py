"""What editions and enrolment add to upstream pages: menu entries, start-page sections, the institution page."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from core.lib.order import InstitutionPage, MainMenu, StartPage
from core.lib.sections import NavItem, Section
from core.signals import dashboard_sections, nav_items
from institutions.http import AuthenticatedHttpRequest
from institutions.models import Institution
from institutions.selectors import institutions_coordinated_by
from institutions.signals import institution_sections

from .models import Edition
from .selectors.editions import edition_current, edition_stage_counts, enrolment_list_for_user
from .services.editions import enrolment_refusal


@receiver(nav_items, dispatch_uid="audits.editions.nav")
def editions_nav(sender, request: AuthenticatedHttpRequest, **kwargs) -> list[NavItem] | None:
    if not request.user.is_kwp:
        return None
    return [NavItem(MainMenu.EDITIONS, _("Editions"), reverse("audits:edition-list")),
            NavItem(MainMenu.RULEBOOKS, _("Rulebooks"), reverse("audits:rulebook-list"))]


def _enrolment_rows(institutions: list[Institution], edition: Edition, request: AuthenticatedHttpRequest) -> list[dict]:
    """Per institution: its enrolment in the edition, or whether it can be enrolled now."""
    enrolments = {e.institution_id: e for e in edition.enrolments.filter(institution__in=institutions)}
    refusal = enrolment_refusal(edition, by=request.user)
    return [{"institution": i, "enrolment": enrolments.get(i.pk),
             "can_enrol": i.pk not in enrolments and refusal is None and i.is_active} for i in institutions]


@receiver(dashboard_sections, dispatch_uid="audits.editions.dashboard")
def editions_dashboard(sender, request: AuthenticatedHttpRequest, **kwargs) -> Section | None:
    user = request.user
    if user.is_kwp:
        edition = edition_current()
        counts = edition_stage_counts(edition) if edition else {}
        return Section(StartPage.EDITION, "audits/edition/_dashboard_kwp.html", {
            "edition": edition, "total": sum(counts.values()),
            "counts": [(stage, n) for stage, n in counts.items()],
            "refusal": enrolment_refusal(edition, by=user) if edition else None,
        })
    if user.is_coordinator:
        institutions = list(institutions_coordinated_by(user=user).filter(is_active=True))
        edition = edition_current()
        if not institutions:
            return None
        rows = _enrolment_rows(institutions, edition, request) if edition else []
        return Section(StartPage.EDITION, "audits/enrolment/_dashboard_coordinator.html", {
            "edition": edition, "rows": rows, "refusal": enrolment_refusal(edition, by=user) if edition else None,
        })
    return None


@receiver(institution_sections, dispatch_uid="audits.editions.institution")
def enrolment_institution_section(
    sender, institution: Institution, request: AuthenticatedHttpRequest, **kwargs
) -> Section | None:
    user = request.user
    if not (user.is_kwp or user.is_coordinator):
        return None
    enrolments = list(enrolment_list_for_user(user).filter(institution=institution).order_by("-edition__start_year"))
    edition = edition_current()
    row = _enrolment_rows([institution], edition, request)[0] if edition else None
    return Section(InstitutionPage.ENROLMENTS, "audits/enrolment/_institution_section.html", {
        "institution": institution, "enrolments": enrolments, "edition": edition, "row": row,
        "refusal": enrolment_refusal(edition, by=user) if edition else None,
    })
