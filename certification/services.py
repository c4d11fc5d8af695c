"""Writes of the certification app: decisions, issuing, numbering, PDFs, revocation, batches, reminders.

Tasks are started only after commit, and a broker that is down never loses work: the
certificate stays `pending` and `certificate_pdf_resend` (run by beat) queues it again.
"""

import datetime
import hashlib
import logging
from collections.abc import Callable, Iterable

from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, close_old_connections, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audits.certification_hooks import CertificateRecord
from audits.models import Audit, Edition
from core.audit import audit
from core.emails import email_queue
from core.lib.dispatch import SWEEP_GRACE, publish, publish_pending, requeue_lost
from core.services import ServiceError
from institutions.models import User

from . import public_cache, rules
from .models import (
    Certificate,
    CertificateBatch,
    CertificateEvent,
    Decision,
    ExpiryReminder,
    NumberCounter,
)
from .pdf import CertificateRenderer

logger = logging.getLogger(__name__)
PdfStatus = Certificate.PdfStatus
REMINDER_DAYS = (90, 30)  # descending: each window runs down to the next threshold


class CertificationError(ServiceError):
    """A rule of the certification process was broken; the message is shown to the user."""


# --- History (also what audits asks through audits.certification_hooks) ---------------------------------


def certificate_history(institution_id: int) -> list[CertificateRecord]:
    """The institution's certificates, extensions and Lider titles, oldest first."""
    rows = Certificate.objects.filter(institution_id=institution_id).order_by("granted_on", "pk")
    return [
        CertificateRecord(
            kind=c.kind, granted_on=c.granted_on, valid_until=c.valid_until, revoked=c.revoked_at is not None
        )
        for c in rows.only("kind", "granted_on", "valid_until", "revoked_at")
    ]


def decision_outcomes_for(audit: Audit, *, on: datetime.date | None = None) -> list[str]:
    return rules.decision_outcomes(
        kind=audit.kind, passed=audit.passed, lider_conditions_met=audit.lider_conditions_met,
        rulebook=audit.enrolment.rulebook, history=certificate_history(audit.enrolment.institution_id),
        on=on or timezone.localdate(),
    )


# --- Decisions ------------------------------------------------------------------------------


@transaction.atomic
def decision_record(
    *, audit: Audit, outcome: str, decided_on: datetime.date, reference: str, note: str = "", by: User
) -> Decision:
    audit = (
        Audit.objects.select_for_update(of=("self",))
        .select_related("enrolment__edition", "enrolment__institution").get(pk=audit.pk)
    )
    if audit.status != Audit.Status.SIGNED:
        raise CertificationError(_("A decision can be recorded only for a signed audit."))
    if Decision.objects.filter(audit=audit).exists():
        raise CertificationError(_("A decision on this audit has already been recorded."))
    if decided_on < audit.date:
        raise CertificationError(_("The decision cannot be dated before the audit."))
    if outcome not in decision_outcomes_for(audit, on=decided_on):
        raise CertificationError(_("This decision is not possible for this audit and the institution's history."))
    return Decision.objects.create(
        audit=audit, edition_id=audit.edition_id, outcome=outcome, decided_on=decided_on, reference=reference.strip(),
        note=note, recorded_by=by,
    )


# --- Issuing and numbering ---------------------------------------------------------------------


def number_take(*, programme: str, year: int) -> int:
    """The next number of the programme's series for the year. Call inside the issuing transaction.

    The counter row stays locked until that transaction ends, so concurrent issues wait their
    turn, and a rolled-back issue gives its number back: the series has no gaps.
    """
    NumberCounter.objects.bulk_create([NumberCounter(programme=programme, year=year)], ignore_conflicts=True)
    counter = NumberCounter.objects.select_for_update().get(programme=programme, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


@transaction.atomic
def certificate_issue(
    *, decision: Decision, by: User | None, batch: CertificateBatch | None = None, dispatch: bool = True
) -> Certificate:
    """Issue the certificate a granting decision calls for; its PDF is rendered by a worker."""
    decision = Decision.objects.select_for_update(of=("self",)).select_related(
        "audit__enrolment__edition__spb_rulebook", "audit__enrolment__edition__uwpb_rulebook",
        "audit__enrolment__institution",
    ).get(pk=decision.pk)
    if not decision.grants:
        raise CertificationError(_("A refusal does not give a certificate."))
    if decision.audit.status != Audit.Status.SIGNED:
        raise CertificationError(_("The audit this decision rests on is no longer signed."))
    if Certificate.objects.filter(decision=decision).exists():
        raise CertificationError(_("The certificate for this decision has already been issued."))
    enrolment = decision.audit.enrolment
    institution = enrolment.institution
    programme = institution.programme
    valid_from, valid_until = rules.validity(
        kind=decision.outcome, granted_on=decision.decided_on, rulebook=enrolment.rulebook, edition=enrolment.edition
    )
    year = decision.decided_on.year
    sequence = number_take(programme=programme, year=year)
    certificate = Certificate.objects.create(
        programme=programme, kind=decision.outcome, institution=institution, audit=decision.audit,
        edition=enrolment.edition, decision=decision, number=f"{programme}/{year}/{sequence:04d}", year=year,
        sequence=sequence,
        granted_on=decision.decided_on, valid_from=valid_from, valid_until=valid_until,
        holder_name=institution.name, holder_town=institution.town, edition_name=enrolment.edition.name,
        batch=batch, issued_by=by,
    )
    CertificateEvent.objects.create(certificate=certificate, by=by, action=CertificateEvent.Action.ISSUED)
    public_cache.bump()  # the register and the verification page show it at once
    transaction.on_commit(lambda: audit("certificate_issued", number=certificate.number, certificate_id=certificate.pk,
                                        institution_id=institution.pk, user=by.get_username() if by else None))
    if dispatch:
        transaction.on_commit(lambda: certificate_pdf_dispatch(certificate_ids=[certificate.pk]))
    return certificate


def certificate_pdf_dispatch(*, certificate_ids: Iterable[int]) -> int:
    """Queue PDF renders; returns how many were queued. A broker that is down only delays them."""
    from .tasks import certificate_render_task

    pending = Certificate.objects.filter(pdf_status=PdfStatus.PENDING)
    return publish_pending(certificate_render_task, pending, certificate_ids, queued_field="pdf_queued_at")


def certificate_pdf_resend(*, older_than: datetime.timedelta = SWEEP_GRACE) -> int:
    """Queue the pending PDFs no task carries (beat, every 30 s): their publish failed (broker down at
    issue: `pdf_queued_at` empty) or they have been in flight longer than any task may run (a killed
    worker). Requests younger than `older_than` are left to their own dispatch after commit."""
    from .tasks import certificate_render_task

    return requeue_lost(certificate_render_task, Certificate.objects.filter(pdf_status=PdfStatus.PENDING),
                        since_field="pdf_requested_at", queued_field="pdf_queued_at", older_than=older_than)


# --- Rendering ---------------------------------------------------------------------------------


def certificate_render(*, certificate_id: int, renderer: CertificateRenderer | None = None) -> bool:
    """Render and store the PDF of a pending or failed certificate; True when its PDF is ready.

    Idempotent: a certificate already rendered is left alone, and one being rendered by another
    worker (row locked) is skipped. A failure is stored on the row and raised for the task to retry.
    """
    batch_id = None
    try:
        with transaction.atomic():
            certificate = (
                Certificate.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("decision").filter(pk=certificate_id).first()
            )
            if certificate is None:
                return False
            batch_id = certificate.batch_id
            if certificate.pdf_status == PdfStatus.READY:
                return True
            filename, _mimetype, content = (renderer or CertificateRenderer()).render(certificate)
            old_name = certificate.pdf.name
            certificate.pdf.save(filename, ContentFile(content), save=False)
            certificate.pdf_status, certificate.pdf_error = PdfStatus.READY, ""
            certificate.pdf_rendered_at = timezone.now()
            certificate.pdf_sha256 = hashlib.sha256(content).hexdigest()
            certificate.save(update_fields=["pdf", "pdf_status", "pdf_error", "pdf_rendered_at", "pdf_sha256"])
            CertificateEvent.objects.create(certificate=certificate, action=CertificateEvent.Action.RENDERED,
                                            pdf_sha256=certificate.pdf_sha256)
            if old_name:
                storage = certificate.pdf.storage
                transaction.on_commit(lambda: storage.delete(old_name))
        return True
    except Exception as exc:
        failed = Certificate.objects.filter(pk=certificate_id).exclude(pdf_status=PdfStatus.READY)
        if failed.update(pdf_status=PdfStatus.FAILED, pdf_error=f"{type(exc).__name__}: {exc}"[:2000]):
            CertificateEvent.objects.create(
                certificate_id=certificate_id, action=CertificateEvent.Action.RENDER_FAILED, note=str(exc)[:500]
            )
        raise
    finally:
        if batch_id:
            certificate_batch_refresh(batch_id=batch_id)


@transaction.atomic
def certificate_rerender(*, certificate: Certificate, by: User) -> None:
    """Render the PDF again from the frozen data (same number, same code)."""
    if certificate.revoked_at:
        raise CertificationError(_("A revoked certificate is not rendered again."))
    changed = Certificate.objects.filter(pk=certificate.pk, pdf_status__in=[PdfStatus.READY, PdfStatus.FAILED]).update(
        pdf_status=PdfStatus.PENDING, pdf_error="", pdf_requested_at=timezone.now()
    )
    if changed != 1:
        raise CertificationError(_("The PDF is already being prepared."))
    CertificateEvent.objects.create(certificate=certificate, by=by, action=CertificateEvent.Action.RERENDER)
    transaction.on_commit(lambda: certificate_pdf_dispatch(certificate_ids=[certificate.pk]))


# --- Revocation --------------------------------------------------------------------------------


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, by: User, reason: str) -> None:
    reason = reason.strip()
    if not reason:
        raise CertificationError(_("Give the reason for the revocation."))
    changed = Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=by, revocation_reason=reason
    )
    if changed != 1:
        raise CertificationError(_("This certificate has already been revoked."))
    CertificateEvent.objects.create(certificate=certificate, by=by, action=CertificateEvent.Action.REVOKED, note=reason)
    public_cache.bump()  # the verification page says "revoked" at once
    transaction.on_commit(lambda: audit("certificate_revoked", number=certificate.number, certificate_id=certificate.pk,
                                        institution_id=certificate.institution_id, user=by.get_username()))


# --- Batches -----------------------------------------------------------------------------------


@transaction.atomic
def certificate_batch_issue(*, edition: Edition, decisions: Iterable[Decision], by: User) -> CertificateBatch:
    """Issue the certificates of several granting decisions of one edition, numbered in this one transaction
    (gapless); after commit the batch task fans their PDFs out to the workers."""
    decisions = sorted(decisions, key=lambda d: (d.decided_on, d.pk))
    if not decisions:
        raise CertificationError(_("Choose at least one decision."))
    if any(d.audit.enrolment.edition_id != edition.pk for d in decisions):
        raise CertificationError(_("All decisions must belong to the chosen edition."))
    batch = CertificateBatch.objects.create(edition=edition, total=len(decisions), created_by=by)
    for decision in decisions:
        certificate_issue(decision=decision, by=by, batch=batch, dispatch=False)
    transaction.on_commit(lambda: certificate_batch_dispatch(batch_id=batch.pk))
    return batch


def certificate_batch_dispatch(*, batch_id: int) -> bool:
    from .tasks import certificate_batch_render_task

    # If the broker is down, its certificates stay pending, never queued: beat's resend renders them one by one.
    pending = Certificate.objects.filter(batch_id=batch_id, pdf_status=PdfStatus.PENDING)
    pending.update(pdf_queued_at=timezone.now())
    if publish(certificate_batch_render_task, batch_id):
        return True
    pending.update(pdf_queued_at=None)
    return False


def certificate_batch_fan_out(*, batch_id: int, chunk_size: int) -> int:
    """The batch task: queue the batch's pending PDFs as a group of chunk tasks (one message each), so every
    worker process takes a share; returns how many chunks were queued.

    Progress is counted from the certificates' rows (certificate_batch_refresh), never from task results.
    Nothing is lost with a killed worker: its chunk comes back from the broker after the visibility timeout,
    and `certificate_pdf_resend` (beat) queues any PDF still pending after that; rendering twice renders once.
    """
    from .tasks import certificate_batch_chunk_task

    ids = list(
        Certificate.objects.filter(batch_id=batch_id, pdf_status=PdfStatus.PENDING)
        .order_by("sequence").values_list("pk", flat=True)
    )
    chunks = [ids[start:start + chunk_size] for start in range(0, len(ids), chunk_size)]
    Certificate.objects.filter(pk__in=ids).update(pdf_queued_at=timezone.now())
    for queued, chunk in enumerate(chunks):
        if not publish(certificate_batch_chunk_task, batch_id, chunk):
            # This chunk and the rest stay pending, never queued: the sweep renders them one by one.
            rest = [pk for later in chunks[queued:] for pk in later]
            Certificate.objects.filter(pk__in=rest, pdf_status=PdfStatus.PENDING).update(pdf_queued_at=None)
            return queued
    certificate_batch_refresh(batch_id=batch_id)  # an empty batch (all rendered already) is finished here
    return len(chunks)


def certificate_batch_render(
    *, batch: CertificateBatch, progress: Callable[[int, int], None] = lambda done, total: None,
    certificate_ids: Iterable[int] | None = None,
) -> CertificateBatch:
    """Render the given PDFs of the batch (a chunk), or every one not yet ready; a failure is recorded on its
    certificate and the rest go on. Already rendered ones are skipped, so a chunk delivered twice is harmless."""
    certificates = batch.certificates.exclude(pdf_status=PdfStatus.READY)
    if certificate_ids is not None:
        certificates = certificates.filter(pk__in=list(certificate_ids))
    ids = list(certificates.order_by("sequence").values_list("pk", flat=True))
    for position, certificate_id in enumerate(ids, start=1):
        try:
            _render_reconnecting(certificate_id)
        except Exception:
            logger.exception("Certificate %s of batch %s failed to render", certificate_id, batch.pk)
        progress(position, len(ids))
    return certificate_batch_refresh(batch_id=batch.pk)


def _render_reconnecting(certificate_id: int) -> bool:
    try:
        return certificate_render(certificate_id=certificate_id)
    except (OperationalError, InterfaceError):
        # The database dropped the connection (restart, failover, pg_terminate_backend): a long batch would
        # otherwise fail every remaining PDF on the dead connection. Reconnect and try this one once more.
        close_old_connections()
        return certificate_render(certificate_id=certificate_id)


@transaction.atomic
def certificate_batch_refresh(*, batch_id: int) -> CertificateBatch:
    """Recount the batch from its certificates (never drifts, whichever worker rendered them)."""
    batch = CertificateBatch.objects.select_for_update().get(pk=batch_id)
    counts = batch.certificates.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(pdf_status=PdfStatus.READY)),
        failed=Count("pk", filter=Q(pdf_status=PdfStatus.FAILED)),
    )
    batch.total, batch.done, batch.failed = counts["total"], counts["done"], counts["failed"]
    fields = ["total", "done", "failed"]
    if batch.done + batch.failed == batch.total and batch.status != CertificateBatch.Status.FINISHED:
        batch.status, batch.finished_at = CertificateBatch.Status.FINISHED, timezone.now()
        fields += ["status", "finished_at"]
    batch.save(update_fields=fields)
    return batch


@transaction.atomic
def certificate_batch_retry(*, batch: CertificateBatch, by: User) -> None:
    """Render the failed PDFs of a batch again."""
    failed = batch.certificates.filter(pdf_status=PdfStatus.FAILED, revoked_at__isnull=True)
    ids = list(failed.values_list("pk", flat=True))
    interrupted = batch.status == CertificateBatch.Status.FAILED
    if not ids and not interrupted:
        raise CertificationError(_("No certificate of this batch needs to be rendered again."))
    failed.update(pdf_status=PdfStatus.PENDING, pdf_error="", pdf_requested_at=timezone.now())
    CertificateEvent.objects.bulk_create(
        CertificateEvent(certificate_id=pk, by=by, action=CertificateEvent.Action.RERENDER) for pk in ids
    )
    CertificateBatch.objects.filter(pk=batch.pk).update(
        status=CertificateBatch.Status.RUNNING, finished_at=None, error=""
    )
    certificate_batch_refresh(batch_id=batch.pk)
    transaction.on_commit(lambda: certificate_batch_dispatch(batch_id=batch.pk))


def certificate_batch_fail(*, batch_id: int, error: str) -> None:
    """The batch task died unexpectedly: say so on the page; its certificates keep their own state."""
    CertificateBatch.objects.filter(pk=batch_id, status=CertificateBatch.Status.RUNNING).update(
        status=CertificateBatch.Status.FAILED, error=error[:2000]
    )


# --- Reminders ---------------------------------------------------------------------------------


def certificate_reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mail coordinators and KWP staff 90 and 30 days before a certificate expires; once per threshold.

    A certificate is reminded of only in its window (90 → between 90 and 31 days left, 30 → 30 to
    1 day left), so a run that missed the day catches up and one found late gets only the most urgent
    reminder; the e-mail states the real number of days left. Lider titles and certificates
    already followed by a later one are skipped.
    """
    today = today or timezone.localdate()
    kwp_emails = list(
        User.objects.filter(role=User.Role.KWP_STAFF, is_active=True).exclude(email="").values_list("email", flat=True)
    )
    sent = 0
    bounds = [*REMINDER_DAYS[1:], 0]
    for days, lower in zip(REMINDER_DAYS, bounds, strict=True):
        due = (
            Certificate.objects.filter(
                revoked_at__isnull=True, kind__in=rules.CERTIFICATE_KINDS,
                valid_until__gt=today + datetime.timedelta(days=lower),
                valid_until__lte=today + datetime.timedelta(days=days),
            )
            .exclude(reminders__days_before=days)
            .select_related("institution")
        )
        for certificate in due:
            if _has_successor(certificate):
                continue
            sent += _reminder_send(certificate=certificate, days=days, kwp_emails=kwp_emails, today=today)
    return sent


def _has_successor(certificate: Certificate) -> bool:
    return Certificate.objects.filter(
        institution_id=certificate.institution_id, kind__in=rules.CERTIFICATE_KINDS, revoked_at__isnull=True,
        valid_until__gt=certificate.valid_until,
    ).exists()


@transaction.atomic
def _reminder_send(*, certificate: Certificate, days: int, kwp_emails: list[str], today: datetime.date) -> int:
    _reminder, created = ExpiryReminder.objects.get_or_create(certificate=certificate, days_before=days)
    if not created:
        return 0
    context = {
        "number": certificate.number, "holder": certificate.holder_name, "kind": certificate.kind,
        "programme": certificate.programme, "valid_until": f"{certificate.valid_until:%d.%m.%Y}",
        "days": (certificate.valid_until - today).days,  # the real number left, not the threshold
        "certificate_id": certificate.pk, "institution_id": certificate.institution_id,
    }
    coordinators = certificate.institution.coordinator_emails()
    email_queue(template="certificate-expiry", to=coordinators, context={**context, "audience": "coordinator"})
    email_queue(template="certificate-expiry", to=kwp_emails, context={**context, "audience": "kwp"})
    return 1
