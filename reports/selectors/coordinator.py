"""The coordinator's dashboard: what is due next for each of their institutions.

A fixed number of queries whatever the number of institutions: the enrolments of the current
edition carry the self-assessment's progress counts as annotations (the same counts the
self-assessment pages show), audits and certificates are prefetched in one query each.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audits.models import ActionPlanItem, Audit, AuditTeamMember, Edition, Enrolment, SelfAssessment
from audits.selectors.self_assessments import coordinator_enrolments, diagnosis_gaps, progress_of, today_in_warsaw
from certification.models import Certificate
from certification.selectors import current_certificates
from institutions.models import Institution, User
from institutions.selectors import institutions_coordinated_by

from .kwp import expiring_window


@dataclass
class InstitutionCard:
    institution: Institution
    enrolment: Enrolment | None = None
    assessment: SelfAssessment | None = None
    deadline: datetime.date | None = None
    days_left: int | None = None
    missing: list[str] = field(default_factory=list)
    audit: Audit | None = None
    team: list[AuditTeamMember] = field(default_factory=list)
    certificate: Certificate | None = None
    certificate_expiring: bool = False

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0 and self.deadline_binds

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0

    @property
    def assessment_open(self) -> bool:
        """The coordinator still has to act on the self-assessment (not started, draft or returned)."""
        return self.enrolment is not None and (self.assessment is None or self.assessment.is_editable)

    @property
    def deadline_binds(self) -> bool:
        """The deadline binds the first submission only: a returned self-assessment may be resubmitted after it
        (services.self_assessment_submit), so it gets no countdown and is never "overdue"."""
        draft = self.assessment is None or self.assessment.status == SelfAssessment.Status.DRAFT
        return self.assessment_open and draft


def missing_from_counts(enrolment: Enrolment) -> list[str]:
    """What still stops the submission, from the annotated counts (the submit check lists the same items
    by criterion code on the self-assessment page)."""
    assessment = getattr(enrolment, "self_assessment", None)
    if assessment is None:
        return [_("The self-assessment has not been started.")]
    missing = []
    if diagnosis_gaps(assessment):
        missing.append(_("Diagnosis: some fields are empty."))
    if not enrolment.has_actions:  # type: ignore[attr-defined]  # annotated by coordinator_cards
        missing.append(_("Action plan: add at least one action."))
    progress = progress_of(enrolment)
    unscored = progress.criteria_total - progress.criteria_filled
    if unscored > 0:
        missing.append(ngettext("%(count)d criterion without a self-score.",
                                "%(count)d criteria without a self-score.", unscored) % {"count": unscored})
    no_file = progress.evidence_total - progress.evidence_present
    if no_file > 0:
        missing.append(ngettext("%(count)d criterion that requires evidence has no file.",
                                "%(count)d criteria that require evidence have no file.", no_file) % {"count": no_file})
    return missing


def coordinator_cards(*, user: User, edition: Edition | None) -> list[InstitutionCard]:
    """One card per active institution the user coordinates (6 queries whatever their number)."""
    institutions = list(institutions_coordinated_by(user=user).filter(is_active=True).select_related("county"))
    if not institutions:
        return []
    today = today_in_warsaw()
    start, end = expiring_window(today)
    enrolments = {}
    if edition is not None:
        live_audits = Audit.objects.exclude(status=Audit.Status.CANCELLED).prefetch_related(
            Prefetch("team", queryset=AuditTeamMember.objects.select_related("user__police_unit")
                     .order_by("-is_lead", "user__last_name", "user__first_name")))
        qs = (coordinator_enrolments(user=user, edition=edition)
              .filter(institution__in=institutions)
              .annotate(has_actions=Exists(ActionPlanItem.objects.filter(
                  self_assessment__enrolment=OuterRef("pk"))))
              .prefetch_related(Prefetch("audits", queryset=live_audits, to_attr="live_audits")))
        enrolments = {e.institution_id: e for e in qs}
    certificates: dict[int, Certificate] = {}
    for certificate in current_certificates(today=start).filter(institution__in=institutions):
        certificates.setdefault(certificate.institution_id, certificate)
    cards = []
    for institution in institutions:
        card = InstitutionCard(institution=institution, certificate=certificates.get(institution.pk))
        if card.certificate:
            card.certificate_expiring = card.certificate.valid_until <= end
        enrolment = enrolments.get(institution.pk)
        if enrolment is not None:
            card.enrolment = enrolment
            card.assessment = getattr(enrolment, "self_assessment", None)
            card.deadline = enrolment.self_assessment_deadline
            card.days_left = (card.deadline - today).days
            if card.assessment_open:
                card.missing = missing_from_counts(enrolment)
            card.audit = enrolment.live_audits[0] if enrolment.live_audits else None
            card.team = list(card.audit.team.all()) if card.audit else []
        cards.append(card)
    return cards
