"""What surveys adds to other apps' pages: KWP's menu entry, the enrolment page, the audit page and the
self-assessment's diagnosis tab."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from audits.models import Audit, Enrolment, SelfAssessment
from audits.signals import audit_sections, enrolment_sections, self_assessment_sections
from core.lib.order import AuditPage, EnrolmentPage, MainMenu, SelfAssessmentDiagnosis
from core.lib.sections import NavItem, Section
from core.signals import nav_items
from institutions.authenticated import AuthenticatedHttpRequest

from . import results
from .services.rounds import diagnosis_counts


@receiver(nav_items, dispatch_uid="surveys.nav")
def surveys_nav(sender, request: AuthenticatedHttpRequest, **kwargs) -> NavItem | None:
    if request.user.is_kwp:
        return NavItem(MainMenu.SURVEYS, _("Surveys"), reverse("surveys:questionnaire-list"))
    return None


@receiver(enrolment_sections, dispatch_uid="surveys.enrolment")
def surveys_enrolment_section(sender, enrolment: Enrolment, request: AuthenticatedHttpRequest,
                              **kwargs) -> Section | None:
    if not (request.user.is_kwp or request.user.is_coordinator):
        return None
    return Section(EnrolmentPage.SURVEYS, "surveys/sections/_enrolment.html",
                   {"enrolment": enrolment, "counts": diagnosis_counts(enrolment=enrolment)})


@receiver(audit_sections, dispatch_uid="surveys.audit")
def surveys_audit_section(sender, audit: Audit, request: AuthenticatedHttpRequest, **kwargs) -> Section | None:
    """The auditors' summary: respondents per group and each question's most frequent answer (groups
    below the minimum show the number of respondents only)."""
    data = results.enrolment_results(enrolment=audit.enrolment)
    if not data:
        return None
    return Section(AuditPage.SURVEYS, "surveys/sections/_audit.html", {"results": data, "minimum": results.minimum()})


@receiver(self_assessment_sections, dispatch_uid="surveys.self_assessment")
def surveys_diagnosis_section(sender, assessment: SelfAssessment, tab: str, request: AuthenticatedHttpRequest,
                              **kwargs) -> Section | None:
    """The diagnosis tab: the survey head counts so far and, for the coordinator of an editable
    self-assessment, the button that writes them into the diagnosis."""
    if tab != "diagnosis" or not (request.user.is_kwp or request.user.is_coordinator):
        return None
    counts = diagnosis_counts(enrolment=assessment.enrolment)
    can_fill = request.user.is_coordinator and assessment.is_editable and bool(counts)
    return Section(SelfAssessmentDiagnosis.SURVEYS, "surveys/sections/_diagnosis.html",
                   {"enrolment": assessment.enrolment, "counts": counts, "can_fill": can_fill})
