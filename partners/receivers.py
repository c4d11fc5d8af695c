from django.dispatch import receiver
from django.http import HttpRequest

from institutions.models import Institution
from institutions.signals import institution_sections
from zpb.lib.sections import Section

from .selectors import partnership_list_for_institution_page


@receiver(institution_sections)
def partners_institution_section(sender, institution: Institution, request: HttpRequest, **kwargs) -> Section:
    partnerships = partnership_list_for_institution_page(user=request.user, institution=institution)
    return Section(10, "partners/partnership/section.html", {"partnerships": partnerships})
