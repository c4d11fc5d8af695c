from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from core.lib.order import InstitutionPage
from core.lib.sections import Section
from institutions.authenticated import AuthenticatedHttpRequest
from institutions.models import Application, Institution, User
from institutions.signals import application_accepted, institution_sections

from .models import Partner
from .selectors import (
    partner_likely_duplicates,
    partnership_list_for_institution_page,
    partnership_open_partner_ids,
)
from .services import partner_create, partnership_create


@receiver(institution_sections)
def partners_institution_section(
    sender, institution: Institution, request: AuthenticatedHttpRequest, **kwargs
) -> Section:
    partnerships = partnership_list_for_institution_page(user=request.user, institution=institution)
    return Section(InstitutionPage.PARTNERS, "partners/partnership/_section.html", {"partnerships": partnerships})


@receiver(application_accepted)
def partners_from_application(sender, application: Application, institution: Institution, by: User, **kwargs) -> None:
    """Step 4 of institutions.services.applications.application_accept (same transaction): the partners the
    accepted application listed, linked to the directory entry with the same name in the institution's county
    (or added to the directory), then a partnership from the day of acceptance."""
    open_ids = set(partnership_open_partner_ids(institution=institution))
    for entry in application.partners:
        name = (entry.get("name") or "").strip()
        if not name:
            continue
        partner = partner_likely_duplicates(name=name, county=institution.county).first() or partner_create(
            by=by, name=name, kind=Partner.Kind.OTHER, county=institution.county
        )
        if partner.pk in open_ids:
            continue
        open_ids.add(partner.pk)
        scope = (entry.get("description") or "").strip() or _("Declared in the application to join the programme.")
        partnership_create(institution=institution, partner=partner, started_on=timezone.localdate(), scope=scope,
                           by=by)
