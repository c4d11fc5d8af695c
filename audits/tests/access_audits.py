"""Audit URLs in the access matrix.

The world's auditor leads two audits of institution A in past editions: `audit_a` (planned, its day
passed, so it can be scored) and `audit_a_signed` (signed: its coordinator may read the result).
Auditors not on a team, and coordinators on planned audits, are covered in test_audit_access.py.
"""

from zpb.tests.matrix import Case, only


def extend_world(world) -> None:
    from django.core.files.base import ContentFile

    from audits.models import AuditProtocol, AuditRecommendation

    from .factories_audits import free_past_edition, planned_audit, signed_audit

    world.extra["audit_edition"] = edition = free_past_edition()
    world.extra["audit_a"] = audit = planned_audit(edition=edition, institution=world.institution_a,
                                                   team=[world.auditor])
    world.extra["audit_criterion_a"] = audit.enrolment.rulebook.areas.first().criteria.first()
    world.extra["audit_a_signed"] = signed = signed_audit(edition=free_past_edition(), institution=world.institution_a,
                                                          team=[world.auditor])
    world.extra["recommendation_a"] = AuditRecommendation.objects.create(audit=audit, text="Dyżury na przerwach.")
    # An old audit's recommendation: A's self-assessments of later editions do not ask about it (only last year's).
    AuditRecommendation.objects.create(audit=signed, text="Oznakować wyjścia ewakuacyjne.")
    # The signature issued the protocol; its PDF is stored as a render would (no worker in the matrix).
    protocol = signed.protocols.get()
    protocol.pdf.save("matrix.pdf", ContentFile(b"%PDF-1.7\n% access matrix\n"), save=False)
    protocol.pdf_status = AuditProtocol.PdfStatus.READY
    protocol.save()
    world.extra["protocol_a"] = protocol


KWP = only({"kwp": 200})
EDITION = lambda w: {"edition_pk": w.audit_edition.pk}  # noqa: E731
AUDIT = lambda w: {"pk": w.audit_a.pk}  # noqa: E731
SIGNED = lambda w: {"pk": w.audit_a_signed.pk}  # noqa: E731


def _score_data(w) -> dict:
    criterion = w.audit_criterion_a
    return {f"c{criterion.pk}-score": criterion.max_points, f"c{criterion.pk}-comment": "",
            f"c{criterion.pk}-version": 1}


CASES = [
    Case("audits:audit-index", expect=only({"kwp": 302})),
    Case("audits:audit-mine", expect=only({"auditor": 200, "officer_a": 200, "officer_b": 200})),
    Case("audits:audit-overview", kwargs=EDITION, expect=KWP),
    Case("audits:audit-ranking", kwargs=EDITION, expect=KWP),
    Case("audits:audit-calendar", kwargs=EDITION, expect=KWP),
    Case("audits:audit-calendar-day", kwargs=lambda w: {"edition_pk": w.audit_edition.pk,
                                                        "day": w.audit_a.date.isoformat()}, expect=KWP),
    Case("audits:audit-plan", kwargs=EDITION, expect=KWP),
    Case("audits:auditor-search", data=lambda w: {"auditor_q": "ko", "suggest_unit": w.institution_a.police_unit_id,
                                                  "auditors": w.auditor.pk}, expect=KWP),
    Case("audits:audit-detail", kwargs=SIGNED,
         expect=only({"kwp": 200, "auditor": 200, "coordinator_a": 200, "officer_a": 200}, default=404)),
    Case("audits:audit-move", kwargs=AUDIT, expect=KWP),
    Case("audits:audit-team", kwargs=AUDIT, expect=KWP),
    Case("audits:audit-cancel", kwargs=AUDIT, expect=KWP),
    Case("audits:audit-reopen", kwargs=SIGNED, method="post", data=lambda w: {"reason": "Błąd w sumie punktów."},
         expect=only({"kwp": 302})),
    Case("audits:audit-score", kwargs=lambda w: {"pk": w.audit_a.pk, "criterion_pk": w.audit_criterion_a.pk},
         method="post", data=_score_data, expect=only({"auditor": 302, "officer_a": 200, "officer_b": 404})),
    # Not every criterion is scored: the lead is sent back with a message (A's officer, not on the team, too).
    Case("audits:audit-sign", kwargs=AUDIT, method="post",
         expect=only({"auditor": 302, "officer_a": 302, "officer_b": 404})),
    # The team writes recommendations; A's officer (not on the team) is sent back with a message.
    Case("audits:audit-recommendation-add", kwargs=AUDIT, method="post", data=lambda w: {"text": "Monitoring szatni."},
         expect=only({"auditor": 302, "officer_a": 302, "officer_b": 404})),
    Case("audits:audit-recommendation-delete", kwargs=lambda w: {"pk": w.recommendation_a.pk}, method="post",
         expect=only({"auditor": 302, "officer_a": 302, "officer_b": 404})),
    # The protocol: the institution's coordinators, the team, the unit's officers and KWP; nobody else.
    Case("audits:audit-protocol-pdf", kwargs=lambda w: {"pk": w.protocol_a.pk},
         expect=only({"kwp": 200, "auditor": 200, "coordinator_a": 200, "officer_a": 200}, default=404)),
]
