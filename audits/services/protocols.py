"""Writes for recommendations (zalecenia), the audit protocol and the answers to last edition's recommendations.

The protocol is issued inside the lead's signature (audits.services.audits.audit_sign): a number is taken
under a row lock (gapless per year), everything the PDF prints is frozen into `snapshot`, and the row waits
as `pending` until a worker renders it. A broker that is down only delays the PDF: the sweep
(`protocol_pdf_resend`, beat every 30 s) queues it again. Reopening marks the protocol superseded.
"""

import datetime
import hashlib
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.lib.dispatch import SWEEP_GRACE, publish_pending, requeue_lost
from core.services import ServiceError
from institutions.models import User

from ..models import (
    Audit,
    AuditProtocol,
    AuditRecommendation,
    ProtocolCounter,
    RecommendationAnswer,
    SelfAssessment,
)
from ..selectors.audits import audit_criterion_rows, audit_places, audit_self_assessment, audit_team

logger = logging.getLogger(__name__)
PdfStatus = AuditProtocol.PdfStatus
RECOMMENDATION_MAX_LENGTH = 2000


class ProtocolError(ServiceError):
    """A rule was broken; the message is shown to the user and nothing was changed."""


# --- Recommendations, written by the team while the audit is open -------------------------------------


def _check_team_may_write(audit: Audit, by: User) -> None:
    if audit.status != Audit.Status.PLANNED:
        raise ProtocolError(_("This audit is signed or cancelled; its recommendations can no longer be changed."))
    if not audit.team.filter(user=by).exists():
        raise ProtocolError(_("Only members of the audit team can write recommendations."))


@transaction.atomic
def recommendation_add(*, audit: Audit, text: str, by: User) -> AuditRecommendation:
    audit = Audit.objects.select_for_update(of=("self",)).get(pk=audit.pk)
    _check_team_may_write(audit, by)
    text = (text or "").strip()
    if not text:
        raise ProtocolError(_("Write the recommendation."))
    if len(text) > RECOMMENDATION_MAX_LENGTH:
        raise ProtocolError(_("A recommendation may have at most %(max)s characters.")
                            % {"max": RECOMMENDATION_MAX_LENGTH})
    return AuditRecommendation.objects.create(audit=audit, text=text, created_by=by)


@transaction.atomic
def recommendation_delete(*, recommendation: AuditRecommendation, by: User) -> None:
    audit = Audit.objects.select_for_update(of=("self",)).get(pk=recommendation.audit_id)
    _check_team_may_write(audit, by)
    if recommendation.answers.exists():
        raise ProtocolError(_("The institution has already answered this recommendation; it cannot be deleted."))
    recommendation.delete()


# --- The protocol ---------------------------------------------------------------------------------------


def _number_take(year: int) -> int:
    """The next number of `year`, under a row lock: two signatures never share one and none is skipped."""
    ProtocolCounter.objects.get_or_create(year=year)
    counter = ProtocolCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def protocol_snapshot(audit: Audit, *, signed_by: User, signed_at: datetime.datetime) -> dict:
    """Everything the protocol prints, as plain JSON, read once at signing (a re-render prints the same)."""
    enrolment = audit.enrolment
    institution = enrolment.institution
    rulebook = enrolment.rulebook
    rows = audit_criterion_rows(audit=audit)
    return {
        "institution": {"name": institution.name, "address": institution.address, "county": str(institution.county),
                        "rspo": institution.rspo, "programme": institution.get_programme_display()},
        "edition": enrolment.edition.name,
        "kind": audit.get_kind_display(),
        "date": audit.date.isoformat(),
        "team": [{"name": str(m.user), "unit": m.user.police_unit.name if m.user.police_unit else "",
                  "department": m.user.department, "lead": m.is_lead} for m in audit_team(audit=audit)],
        "criteria": [{"code": row.criterion.code, "title": row.criterion.title, "max": row.criterion.max_points,
                      "self_score": row.self_score, "score": row.score.score if row.score else None,
                      "comment": row.score.comment if row.score else ""} for row in rows],
        "total": audit.total_points, "max": audit.max_points, "percent": str(audit.percent),
        "threshold": {"percent": rulebook.pass_threshold_percent, "points": rulebook.pass_points,
                      "rulebook": rulebook.name},
        "passed": bool(audit.passed),
        "summary": audit.summary,
        # Written one by one while scoring; older audits (and the demo) kept them as one text on the audit.
        "recommendations": [r.text for r in audit.recommendation_items.order_by("created_at", "pk")]
        + ([audit.recommendations] if audit.recommendations else []),
        "dangerous_places": _places_snapshot(audit),
        "signed_by": str(signed_by),
        "signed_at": signed_at.isoformat(),
    }


def _places_snapshot(audit: Audit) -> list[dict]:
    """The diagnosis' dangerous places as the protocol prints them (labels in the protocol's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return [{"place": p.place, "kind": str(p.get_kind_display()), "description": p.description,
                 "source": str(p.get_source_display()), "action": str(p.action_item or ""),
                 "status": str(p.get_status_display()),
                 "reinspect_on": p.reinspect_on.isoformat() if p.reinspect_on else ""}
                for p in audit_places(self_assessment=audit_self_assessment(audit=audit))]


def protocol_issue(*, audit: Audit, by: User) -> AuditProtocol:
    """Inside the signature's transaction (the audit row is locked and already signed): the next version of
    the audit's protocol; the first version takes a new number."""
    first = audit.protocols.order_by("version").first()
    signed_at = audit.signed_at or timezone.now()
    if first is None:
        year = timezone.localdate(signed_at).year
        sequence = _number_take(year)
        number, version = f"P/{year}/{sequence:04d}", 1
    else:
        year, sequence, number = first.year, first.sequence, first.number
        version = audit.protocols.count() + 1
    protocol = AuditProtocol.objects.create(
        audit=audit, number=number, year=year, sequence=sequence, version=version, signed_at=signed_at,
        signed_by=by, snapshot=protocol_snapshot(audit, signed_by=by, signed_at=signed_at),
    )
    transaction.on_commit(lambda: protocol_pdf_dispatch(protocol_ids=[protocol.pk]))
    return protocol


def protocol_supersede(*, audit: Audit) -> int:
    """Reopening: the current protocol stays, marked superseded (the next signature issues a new version)."""
    return audit.protocols.filter(superseded_at__isnull=True).update(superseded_at=timezone.now())


def protocol_pdf_dispatch(*, protocol_ids: Iterable[int]) -> int:
    """Queue PDF renders; returns how many were queued. A broker that is down only delays them."""
    from ..tasks.protocols import protocol_render_task

    return publish_pending(protocol_render_task, AuditProtocol.objects.filter(pdf_status=PdfStatus.PENDING),
                           protocol_ids, queued_field="pdf_queued_at")


def protocol_pdf_resend(*, older_than: datetime.timedelta = SWEEP_GRACE) -> int:
    """Queue the pending PDFs no task carries (beat, every 30 s): never queued (broker down at signing) or in
    flight longer than any task may run (a killed worker)."""
    from ..tasks.protocols import protocol_render_task

    return requeue_lost(protocol_render_task, AuditProtocol.objects.filter(pdf_status=PdfStatus.PENDING),
                        since_field="pdf_requested_at", queued_field="pdf_queued_at", older_than=older_than)


def protocol_render(*, protocol_id: int) -> bool:
    """Render and store the PDF of a pending or failed protocol; True when its PDF is ready. Idempotent; a
    protocol being rendered by another worker (row locked) is skipped; a failure is stored and raised."""
    from ..protocol_pdf import ProtocolRenderer

    try:
        with transaction.atomic():
            protocol = AuditProtocol.objects.select_for_update(skip_locked=True).filter(pk=protocol_id).first()
            if protocol is None:
                return False
            if protocol.pdf_status == PdfStatus.READY:
                return True
            content = ProtocolRenderer().render(protocol)
            protocol.pdf.save(protocol.pdf_filename, ContentFile(content), save=False)
            protocol.pdf_status, protocol.pdf_error, protocol.pdf_rendered_at = PdfStatus.READY, "", timezone.now()
            protocol.pdf_sha256 = hashlib.sha256(content).hexdigest()
            protocol.save(update_fields=["pdf", "pdf_status", "pdf_error", "pdf_rendered_at", "pdf_sha256"])
        return True
    except Exception as exc:
        AuditProtocol.objects.filter(pk=protocol_id).exclude(pdf_status=PdfStatus.READY).update(
            pdf_status=PdfStatus.FAILED, pdf_error=f"{type(exc).__name__}: {exc}"[:2000])
        raise


# --- Answers to last edition's recommendations -----------------------------------------------------------


@transaction.atomic
def recommendation_answers_save(
    *, assessment: SelfAssessment, recommendations: Iterable[AuditRecommendation], answers: dict[int, str], by: User,
) -> int:
    """Save the coordinator's answer to each of `recommendations` (empty answers delete); only while the
    self-assessment may be edited. Returns how many answers are stored."""
    assessment = SelfAssessment.objects.select_for_update(of=("self",)).get(pk=assessment.pk)
    if not assessment.is_editable:
        raise ProtocolError(_("The self-assessment has been submitted; the answers can no longer be changed."))
    for recommendation in recommendations:
        text = (answers.get(recommendation.pk) or "").strip()
        if len(text) > RECOMMENDATION_MAX_LENGTH:
            raise ProtocolError(_("An answer may have at most %(max)s characters.")
                                % {"max": RECOMMENDATION_MAX_LENGTH})
        if text:
            RecommendationAnswer.objects.update_or_create(
                self_assessment=assessment, recommendation=recommendation, defaults={"answer": text})
        else:
            RecommendationAnswer.objects.filter(self_assessment=assessment, recommendation=recommendation).delete()
    return assessment.recommendation_answers.count()
