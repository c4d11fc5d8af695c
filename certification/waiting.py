"""What waits for KWP staff, stored on the rows: `Audit.decision_recorded` and `Decision.certificate_issued`.

A signed audit waits for a decision while no decision rests on it; a granting decision waits for its certificate
while none has been issued. Counting those live meant an anti-join of every signed audit with every decision
(and every decision with every certificate) ever recorded, on every KWP start page. The flags are kept here,
whatever creates or deletes the decision or certificate (services, the commission's list, admin, test
factories): the waiting rows are then a partial index's few entries (`audit_awaiting_decision`,
`decision_awaiting_certificate`). Bulk inserts (seed_scale) bypass signals and set the flags themselves;
`waiting_flags_refresh` recomputes them from the rows (the migration's backfill does the same).
"""

from django.db.models import Exists, OuterRef
from django.db.models.signals import post_delete, post_save

from audits.models import Audit

from .models import Certificate, Decision


def _decision_saved(sender, instance: Decision, created: bool, **kwargs) -> None:
    if created:
        Audit.objects.filter(pk=instance.audit_id).update(decision_recorded=True)


def _decision_deleted(sender, instance: Decision, **kwargs) -> None:
    Audit.objects.filter(pk=instance.audit_id).update(decision_recorded=False)


def _certificate_saved(sender, instance: Certificate, created: bool, **kwargs) -> None:
    if created:
        Decision.objects.filter(pk=instance.decision_id).update(certificate_issued=True)


def _certificate_deleted(sender, instance: Certificate, **kwargs) -> None:
    Decision.objects.filter(pk=instance.decision_id).update(certificate_issued=False)


def waiting_flags_refresh() -> tuple[int, int]:
    """Set both flags from the rows themselves; returns how many audits and decisions changed."""
    decided = Exists(Decision.objects.filter(audit=OuterRef("pk")))
    audits = (Audit.objects.filter(decided, decision_recorded=False).update(decision_recorded=True)
              + Audit.objects.filter(~decided, decision_recorded=True).update(decision_recorded=False))
    issued = Exists(Certificate.objects.filter(decision=OuterRef("pk")))
    decisions = (Decision.objects.filter(issued, certificate_issued=False).update(certificate_issued=True)
                 + Decision.objects.filter(~issued, certificate_issued=True).update(certificate_issued=False))
    return audits, decisions


def connect() -> None:
    post_save.connect(_decision_saved, sender=Decision, dispatch_uid="waiting-decision-saved")
    post_delete.connect(_decision_deleted, sender=Decision, dispatch_uid="waiting-decision-deleted")
    post_save.connect(_certificate_saved, sender=Certificate, dispatch_uid="waiting-certificate-saved")
    post_delete.connect(_certificate_deleted, sender=Certificate, dispatch_uid="waiting-certificate-deleted")
