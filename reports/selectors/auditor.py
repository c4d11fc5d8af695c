"""The police auditor's dashboard, built on the audits app's own scoping (only audits whose team
includes the auditor) and its batched progress counts."""

from dataclasses import dataclass

from audits.models import Audit
from audits.selectors.audits import audits_of_auditor
from institutions.models import User


@dataclass
class AuditorDashboard:
    upcoming: list[Audit]
    to_score: list[Audit]
    awaiting_signature: list[Audit]


def auditor_dashboard(*, user: User) -> AuditorDashboard:
    """Upcoming audits by date; audits whose day has come with criteria still unscored; fully scored audits
    waiting for the lead's signature (each marked `user_is_lead`). A fixed number of queries."""
    mine = audits_of_auditor(user=user, signed_limit=0)
    to_score: list[Audit] = []
    awaiting: list[Audit] = []
    for audit in mine["to_score"]:
        audit.user_is_lead = any(m.is_lead and m.user_id == user.pk for m in audit.team.all())
        complete = audit.criteria_count and audit.scored_count >= audit.criteria_count
        (awaiting if complete else to_score).append(audit)
    return AuditorDashboard(upcoming=mine["upcoming"], to_score=to_score, awaiting_signature=awaiting)
