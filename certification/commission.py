"""Writes of the certification commission: members, proposals, approvals, the Komendant's list and grant.

The flow per proposal: members propose an outcome per signed audit (a CommissionRecommendation) and
approve the list; the chair closes it once a majority approved; a worker renders the list for the
Komendant (wykaz); KWP records the Komendant's approval, which creates the grant Decisions. Only
then can certificates be issued (services.certificate_batch_issue, as before).
"""

import datetime
import logging
from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audits.models import Audit, Edition
from core.audit import audit as audit_log
from core.lib.dispatch import SWEEP_GRACE, publish_pending, requeue_lost
from institutions.models import User

from .models import (
    Commission,
    CommissionMember,
    CommissionRecommendation,
    Decision,
    FileStatus,
    Proposal,
    ProposalApproval,
)
from .services import CertificationError, decision_outcomes_for, decision_record

logger = logging.getLogger(__name__)

MEMBER_ROLES = (User.Role.KWP_STAFF, User.Role.AUDITOR)


def is_member(commission: Commission, user: User) -> bool:
    return commission.members.filter(user=user).exists()


def is_chair(commission: Commission, user: User) -> bool:
    return commission.members.filter(user=user, is_chair=True).exists()


# --- Setting up ----------------------------------------------------------------------------------


@transaction.atomic
def commission_setup(*, edition: Edition, members: Iterable[User], chair: User, by: User) -> Commission:
    """Create the edition's commission with its first proposal, or change its members.

    Police users only (KWP staff and auditors); the chair is one of the members. A member who
    leaves loses their approval of the open proposal.
    """
    members = list(members)
    if not members:
        raise CertificationError(_("Choose at least one member."))
    if chair not in members:
        raise CertificationError(_("The chair must be one of the members."), field="chair")
    if any(m.role not in MEMBER_ROLES or not m.is_active for m in members):
        raise CertificationError(_("Only active KWP staff and police auditors can be members."))
    commission, created = Commission.objects.get_or_create(edition=edition, defaults={"created_by": by})
    if created:
        Proposal.objects.create(commission=commission, number=1)
    commission.members.exclude(user__in=members).delete()
    ProposalApproval.objects.filter(proposal__commission=commission, proposal__status=Proposal.Status.OPEN).exclude(
        user__in=members
    ).delete()
    commission.members.update(is_chair=False)
    for user in members:
        CommissionMember.objects.update_or_create(commission=commission, user=user,
                                                  defaults={"is_chair": user == chair})
    transaction.on_commit(lambda: audit_log("commission_set_up", commission_id=commission.pk, edition=edition.name,
                                            members=len(members), user=by.get_username()))
    return commission


@transaction.atomic
def proposal_open_next(*, commission: Commission, by: User) -> Proposal:
    """A further proposal for audits signed after the last list went to the Komendant."""
    Commission.objects.select_for_update().get(pk=commission.pk)
    if not (by.is_kwp or is_chair(commission, by)):
        raise CertificationError(_("Only the chair or KWP staff can open a new proposal."))
    if commission.proposals.filter(status=Proposal.Status.OPEN).exists():
        raise CertificationError(_("The commission already has an open proposal."))
    number = (commission.proposals.aggregate(last=Max("number"))["last"] or 0) + 1
    return Proposal.objects.create(commission=commission, number=number)


# --- Proposing and approving -------------------------------------------------------------------------


def _locked_open(proposal: Proposal) -> Proposal:
    proposal = Proposal.objects.select_for_update().select_related("commission__edition").get(pk=proposal.pk)
    if not proposal.is_open:
        raise CertificationError(_("This proposal is closed; it can no longer be changed."))
    return proposal


def _member_only(proposal: Proposal, user: User) -> None:
    if not is_member(proposal.commission, user):
        raise CertificationError(_("Only members of the commission can do this."))


def _clear_approvals(proposal: Proposal) -> int:
    """Approvals are of the list as it stood: a change asks the members to approve it again."""
    cleared, _per_model = proposal.approvals.all().delete()
    return cleared


@transaction.atomic
def recommendation_record(
    *, proposal: Proposal, audit: Audit, outcome: str, reason: str, by: User
) -> tuple[CommissionRecommendation, int]:
    """Propose (or change) the outcome for a signed audit; returns it and how many approvals were cleared."""
    proposal = _locked_open(proposal)
    _member_only(proposal, by)
    audit = Audit.objects.select_for_update(of=("self",)).select_related(
        "enrolment__institution", "enrolment__edition"
    ).get(pk=audit.pk)
    if audit.status != Audit.Status.SIGNED or audit.enrolment.edition_id != proposal.commission.edition_id:
        raise CertificationError(_("Only signed audits of the commission's edition can be proposed."))
    if Decision.objects.filter(audit=audit).exists():
        raise CertificationError(_("A decision on this audit has already been recorded."))
    existing = CommissionRecommendation.objects.filter(audit=audit).first()
    if existing and existing.proposal_id != proposal.pk:
        raise CertificationError(_("This audit is already on an earlier proposal."))
    if outcome not in decision_outcomes_for(audit):
        raise CertificationError(_("This decision is not possible for this audit and the institution's history."),
                                 field="outcome")
    reason = reason.strip()
    if not reason:
        raise CertificationError(_("Give the reason for the proposal."), field="reason")
    recommendation, _created = CommissionRecommendation.objects.update_or_create(
        audit=audit, defaults={"proposal": proposal, "outcome": outcome, "reason": reason, "proposed_by": by}
    )
    return recommendation, _clear_approvals(proposal)


@transaction.atomic
def recommendation_withdraw(*, proposal: Proposal, audit: Audit, by: User) -> int:
    """Take an audit off the open proposal (e.g. so that its audit can be reopened); returns approvals cleared."""
    proposal = _locked_open(proposal)
    _member_only(proposal, by)
    if not proposal.recommendations.filter(audit=audit).delete()[0]:
        raise CertificationError(_("This audit has no proposal to withdraw."))
    return _clear_approvals(proposal)


@transaction.atomic
def proposal_approve(*, proposal: Proposal, by: User) -> ProposalApproval:
    proposal = _locked_open(proposal)
    _member_only(proposal, by)
    if not proposal.recommendations.exists():
        raise CertificationError(_("The proposal is empty: propose an outcome for at least one audit first."))
    if proposal.approvals.filter(user=by).exists():
        raise CertificationError(_("You have already approved this proposal."))
    return ProposalApproval.objects.create(proposal=proposal, user=by)


@transaction.atomic
def proposal_close(*, proposal: Proposal, by: User) -> Proposal:
    """The chair closes the proposal once a majority of members approved it; the list PDF is then rendered."""
    proposal = _locked_open(proposal)
    commission = proposal.commission
    if not is_chair(commission, by):
        raise CertificationError(_("Only the chair of the commission can close the proposal."))
    if not proposal.recommendations.exists():
        raise CertificationError(_("The proposal is empty: propose an outcome for at least one audit first."))
    approvals, quorum = proposal.approvals.count(), commission.quorum
    if approvals < quorum:
        raise CertificationError(
            _("The proposal needs the approval of %(quorum)s members (a majority); it has %(approvals)s.")
            % {"quorum": quorum, "approvals": approvals}
        )
    reopened = proposal.recommendations.exclude(audit__status=Audit.Status.SIGNED).select_related(
        "audit__enrolment__institution"
    )
    if reopened:
        names = ", ".join(r.audit.enrolment.institution.name for r in reopened)
        raise CertificationError(_("These audits are no longer signed; withdraw their proposals: %(names)s.")
                                 % {"names": names})
    proposal.status, proposal.closed_at, proposal.closed_by = Proposal.Status.CLOSED, timezone.now(), by
    proposal.list_status, proposal.list_error = FileStatus.PENDING, ""
    proposal.save(update_fields=["status", "closed_at", "closed_by", "list_status", "list_error"])
    transaction.on_commit(lambda: proposal_list_dispatch(proposal_id=proposal.pk))
    return proposal


# --- The list for the Komendant ---------------------------------------------------------------------


def proposal_list_dispatch(*, proposal_id: int) -> bool:
    from .tasks import proposal_list_render_task

    pending = Proposal.objects.filter(list_status=FileStatus.PENDING)
    return publish_pending(proposal_list_render_task, pending, [proposal_id], queued_field="list_queued_at") > 0


def proposal_list_rows(proposal: Proposal):
    """The list's rows: by county, then institution name."""
    return proposal.recommendations.select_related("audit__enrolment__institution__county").order_by(
        "audit__enrolment__institution__county__name", "audit__enrolment__institution__name", "pk"
    )


def proposal_list_render(*, proposal_id: int) -> bool:
    """Render and store the list PDF of a closed proposal; True when it is ready. Failures are kept on the row."""
    from .pdf import ProposalListRenderer

    try:
        with transaction.atomic():
            proposal = (
                Proposal.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("commission__edition").filter(pk=proposal_id).first()
            )
            if proposal is None or proposal.list_status != FileStatus.PENDING:
                return proposal is not None and proposal.list_status == FileStatus.READY
            filename, _mimetype, content = ProposalListRenderer().render(proposal)
            old_name = proposal.list_pdf.name
            proposal.list_pdf.save(filename, ContentFile(content), save=False)
            proposal.list_status, proposal.list_error = FileStatus.READY, ""
            proposal.save(update_fields=["list_pdf", "list_status", "list_error"])
            if old_name:
                storage = proposal.list_pdf.storage
                transaction.on_commit(lambda: storage.delete(old_name))
        return True
    except Exception as exc:
        Proposal.objects.filter(pk=proposal_id, list_status=FileStatus.PENDING).update(
            list_status=FileStatus.FAILED, list_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        raise


@transaction.atomic
def proposal_list_rerender(*, proposal: Proposal, by: User) -> None:
    if not Proposal.objects.filter(pk=proposal.pk, list_status=FileStatus.FAILED).update(
        list_status=FileStatus.PENDING, list_error=""
    ):
        raise CertificationError(_("The list is ready or already being prepared."))
    transaction.on_commit(lambda: proposal_list_dispatch(proposal_id=proposal.pk))


@transaction.atomic
def proposal_komendant_approve(
    *, proposal: Proposal, approved_on: datetime.date, reference: str, by: User
) -> list[Decision]:
    """KWP records the Komendant's approval of the list: every recommendation becomes a grant (a Decision).

    The whole list is granted or nothing is: if one outcome is no longer allowed (the institution's
    history changed), no decision is made and the error names it.
    """
    if not by.is_kwp:
        raise CertificationError(_("Only KWP staff record the Komendant's approval."))
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.Status.CLOSED:
        raise CertificationError(_("Only a closed proposal awaits the Komendant's approval."))
    if proposal.list_status != FileStatus.READY:
        raise CertificationError(_("The list for the Komendant is not ready yet."))
    if approved_on > timezone.localdate() or (proposal.closed_at and approved_on < timezone.localdate(
        proposal.closed_at
    )):
        raise CertificationError(_("The approval date must be between the closing of the proposal and today."),
                                 field="approved_on")
    reference = reference.strip()
    if not reference:
        raise CertificationError(_("Give the reference of the approval."), field="reference")
    decisions = []
    for recommendation in proposal_list_rows(proposal):
        institution = recommendation.audit.enrolment.institution
        try:
            decision = decision_record(audit=recommendation.audit, outcome=recommendation.outcome,
                                       decided_on=approved_on, reference=reference, note=recommendation.reason, by=by)
        except CertificationError as exc:
            raise CertificationError(f"{institution.name}: {exc}") from exc
        Decision.objects.filter(pk=decision.pk).update(recommendation=recommendation)
        decisions.append(decision)
    proposal.status, proposal.approved_on, proposal.approval_reference = (
        Proposal.Status.APPROVED, approved_on, reference
    )
    proposal.approval_recorded_by, proposal.approval_recorded_at = by, timezone.now()
    proposal.save(update_fields=["status", "approved_on", "approval_reference", "approval_recorded_by",
                                 "approval_recorded_at"])
    transaction.on_commit(lambda: audit_log("komendant_approval_recorded", proposal_id=proposal.pk,
                                            reference=reference, decisions=len(decisions), user=by.get_username()))
    return decisions


def proposal_lists_resend() -> int:
    """Queue the pending list PDFs no task carries (broker down at closing, killed worker)."""
    from .tasks import proposal_list_render_task

    return requeue_lost(proposal_list_render_task, Proposal.objects.filter(list_status=FileStatus.PENDING),
                        since_field="closed_at", queued_field="list_queued_at", older_than=SWEEP_GRACE)


def audit_has_recommendation(audit_id: int) -> bool:
    return CommissionRecommendation.objects.filter(audit_id=audit_id).exists()
