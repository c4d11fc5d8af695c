"""An institution's history in the programme as one chronological list."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from audits.models import Audit, Enrolment, SelfAssessment
from institutions.models import Institution

from .models import Certificate, CommissionRecommendation, Decision


@dataclass(frozen=True)
class TimelineEntry:
    day: datetime.date
    kind: str  # joined, enrolment, self_assessment, audit, recommendation, decision, certificate, revocation
    title: str
    detail: str = ""
    url: str = ""


def _audit_entry(audit: Audit) -> TimelineEntry:
    edition = audit.enrolment.edition.name
    if audit.status == Audit.Status.SIGNED and audit.total_points is not None:
        result = _("passed") if audit.passed else _("not passed")
        detail = _("%(points)s of %(max)s points (%(percent)s%%), %(result)s") % {
            "points": audit.total_points, "max": audit.max_points, 
            "percent": formats.number_format(audit.percent or 0, 2),
            "result": result,
        }
        return TimelineEntry(
            audit.date, "audit", _("Audit signed (edition %(edition)s)") % {"edition": edition}, detail
        )
    if audit.status == Audit.Status.CANCELLED:
        return TimelineEntry(audit.date, "audit", _("Audit cancelled (edition %(edition)s)") % {"edition": edition})
    return TimelineEntry(audit.date, "audit", _("Audit planned (edition %(edition)s)") % {"edition": edition})


def build_timeline(
    *, institution: Institution, enrolments: Iterable[Enrolment], assessments: Iterable[SelfAssessment],
    audits: Iterable[Audit], decisions: Iterable[Decision], certificates: Iterable[Certificate], internal: bool,
    recommendations: Iterable[CommissionRecommendation] = (),
) -> list[TimelineEntry]:
    """`internal`: KWP staff also see decisions' justifications and the commission's reasons.

    `recommendations`: the commission's closed proposals; the grant that follows is a separate entry.
    """
    local = timezone.localdate
    entries: list[TimelineEntry] = []
    if institution.joined_on:
        entries.append(TimelineEntry(institution.joined_on, "joined", pgettext("timeline", "Joined the programme")))
    for enrolment in enrolments:
        # Enrolments entered later (e.g. history typed in from paper) are placed in their edition.
        enrolled_on = min(local(enrolment.created_at), enrolment.edition.enrolment_closes)
        entries.append(TimelineEntry(
            enrolled_on, "enrolment",
            _("Enrolled in the %(edition)s edition") % {"edition": enrolment.edition.name},
            _("Stage sought: %(stage)s") % {"stage": enrolment.get_stage_display()},
        ))
    for assessment in assessments:
        if assessment.submitted_at:
            entries.append(TimelineEntry(
                local(assessment.submitted_at), "self_assessment",
                _("Self-assessment submitted (edition %(edition)s)") % {"edition": assessment.enrolment.edition.name},
                _("Current status: %(status)s") % {"status": assessment.get_status_display()},
            ))
    entries.extend(_audit_entry(audit) for audit in audits)
    for recommendation in recommendations:
        proposal = recommendation.proposal
        entries.append(TimelineEntry(
            local(proposal.closed_at) if proposal.closed_at else local(recommendation.updated_at), "recommendation",
            _("Recommendation of the certification commission: %(outcome)s")
            % {"outcome": recommendation.get_outcome_display()},
            recommendation.reason if internal else "",
        ))
    for decision in decisions:
        detail = _("Reference: %(reference)s") % {"reference": decision.reference}
        if internal and decision.note:
            detail = f"{detail}. {decision.note}"
        # A grant on the commission's list is the Komendant's approval of that recommendation.
        title = _("Granted by the Komendant: %(outcome)s") if decision.recommendation_id else _("Decision: %(outcome)s")
        entries.append(TimelineEntry(
            decision.decided_on, "decision", title % {"outcome": decision.get_outcome_display()}, detail,
        ))
    for certificate in certificates:
        entries.append(TimelineEntry(
            certificate.granted_on, "certificate",
            _("%(kind)s no. %(number)s") % {"kind": certificate.get_kind_display(), "number": certificate.number},
            _("Valid from %(start)s to %(end)s") % {
                "start": f"{certificate.valid_from:%d.%m.%Y}", "end": f"{certificate.valid_until:%d.%m.%Y}",
            },
            certificate.get_absolute_url(),
        ))
        if certificate.revoked_at:
            entries.append(TimelineEntry(
                local(certificate.revoked_at), "revocation",
                _("Certificate no. %(number)s revoked") % {"number": certificate.number},
                certificate.revocation_reason if internal else "", certificate.get_absolute_url(),
            ))
    order = {
        "joined": 0,
        "enrolment": 1,
        "self_assessment": 2,
        "audit": 3,
        "recommendation": 4,
        "decision": 5,
        "certificate": 6,
        "revocation": 7,
    }
    return sorted(entries, key=lambda e: (e.day, order[e.kind]))
