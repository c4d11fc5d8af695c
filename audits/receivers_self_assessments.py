"""What self-assessments add to upstream pages: the menu, the start page, the institution page."""

from django.dispatch import receiver
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from institutions.models import Institution, User
from institutions.signals import institution_sections
from zpb.lib.sections import NavItem, Section
from zpb.signals import dashboard_sections, nav_items

from .models import SelfAssessment
from .selectors.self_assessments import (
    coordinator_enrolments, current_edition, institution_self_assessments, progress_of, status_counts,
)


@receiver(nav_items)
def self_assessment_nav(sender, request: HttpRequest, **kwargs) -> NavItem | None:
    if not request.user.is_kwp:
        return None
    return NavItem(order=30, label=_("Self-assessments"), url=reverse("audits:self-assessment-review-list"))


@receiver(dashboard_sections)
def self_assessment_dashboard(sender, request: HttpRequest, **kwargs) -> Section | None:
    user: User = request.user  # type: ignore[assignment]
    if not (user.is_kwp or user.is_coordinator):
        return None
    edition = current_edition()
    if edition is None:
        return None
    if user.is_kwp:
        counts = status_counts(edition=edition)
        labelled = [("not_started", _("Not started"), counts.get("not_started", 0))] + [
            (status, label, counts.get(status, 0)) for status, label in SelfAssessment.Status.choices
        ]
        return Section(order=30, template="audits/self_assessment/dashboard_kwp.html",
                       context={"edition": edition, "counts": labelled})
    rows = []
    for enrolment in coordinator_enrolments(user=user, edition=edition):
        assessment = getattr(enrolment, "self_assessment", None)
        rows.append({"enrolment": enrolment, "assessment": assessment, "progress": progress_of(enrolment)})
    if not rows:
        return None
    return Section(order=30, template="audits/self_assessment/dashboard_coordinator.html",
                   context={"edition": edition, "rows": rows})


@receiver(institution_sections)
def self_assessment_institution_section(sender, institution: Institution, request: HttpRequest, **kwargs) -> Section:
    assessments = institution_self_assessments(user=request.user, institution=institution)
    return Section(order=30, template="audits/self_assessment/institution_section.html",
                   context={"assessments": assessments})
