"""Self-assessment URLs in the access matrix.

Objects belong to institution A, in a self-assessment that is still a draft: its coordinator
reads and edits it, KWP staff read it (editing is 403), coordinator B and the auditor (on no
audit of A) get 404. Auditors on an audit team are covered in test_self_assessment_access.py.
"""

from zpb.tests.matrix import Case, everyone, only

READ = only({"coordinator_a": 200, "kwp": 200}, default=404)
WRITE = only({"coordinator_a": 302, "kwp": 403}, default=404)
EDIT_PAGE = only({"coordinator_a": 200, "kwp": 403}, default=404)
REVIEW = only({"kwp": 302})

SA = lambda w: {"pk": w.sa_a.pk}  # noqa: E731
ITEM = lambda w: {"pk": w.sa_a.pk, "item_pk": w.sa_item_a.pk}  # noqa: E731
EVIDENCE = lambda w: {"pk": w.sa_evidence_a.pk}  # noqa: E731


def extend_world(world) -> None:
    from .factories import answer_all
    from .factories_self_assessments import ActionPlanItemFactory, EvidenceFactory, free_edition, self_assessment_for

    edition = free_edition()
    world.extra["sa_a"] = assessment = self_assessment_for(world.institution_a, edition=edition)
    world.extra["sa_enrolment_a"] = assessment.enrolment
    world.extra["sa_item_a"] = ActionPlanItemFactory(self_assessment=assessment)
    world.extra["sa_place_a"] = assessment.places.create(place="Przejście przy szkole", kind="road", source="police")
    answer = answer_all(assessment)[0]
    world.extra["sa_criterion_a"] = answer.criterion
    world.extra["sa_evidence_a"] = EvidenceFactory(answer=answer)
    extend_world_confirmations(world)


def extend_world_confirmations(world) -> None:
    """A partner of A responsible for the item, asked and confirmed once (with a PDF), and a live link to it."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from ..services.confirmations import confirmation_request, confirmation_token
    from .factories_self_assessments import PDF_BYTES

    item = world.sa_item_a
    # The partners app's partnership of A (its own tests count A's partnerships), with a contact address.
    partnership = world.partnership_a
    partnership.partner.email = partnership.partner.email or "pz@example.pl"
    partnership.partner.save(update_fields=["email"])
    item.partnerships.set([partnership])
    world.extra["sa_partnership_a"] = partnership
    confirmed = confirmation_request(item=item, partnership=partnership, by=world.coordinator_a)
    confirmed.file.save("potwierdzenie.pdf", ContentFile(PDF_BYTES), save=False)
    confirmed.file_name, confirmed.confirmed_at, confirmed.done_on, confirmed.note = (
        "potwierdzenie.pdf", timezone.now(), timezone.localdate(), "Zrobione.")
    confirmed.save()
    world.extra["sa_confirmation_a"] = confirmed
    live = confirmation_request(item=item, partnership=partnership, by=world.coordinator_a)
    world.extra["sa_confirmation_live_a"] = live
    world.extra["sa_confirmation_token_a"] = confirmation_token(live)


CASES = [
    Case("audits:self-assessment-review-list", expect=only({"kwp": 200})),
    Case("audits:criteria-comparison", expect=only({"kwp": 200})),
    Case(
        "audits:self-assessment-open",
        kwargs=lambda w: {"enrolment_pk": w.sa_enrolment_a.pk},
        expect=only({"coordinator_a": 302, "coordinator_b": 404}),
    ),
    Case("audits:self-assessment-detail", kwargs=SA, expect=READ),
    Case("audits:self-assessment-diagnosis", kwargs=SA, expect=READ),
    Case("audits:self-assessment-plan", kwargs=SA, expect=READ),
    Case("audits:self-assessment-criteria", kwargs=SA, expect=READ),
    Case("audits:self-assessment-print", kwargs=SA, expect=READ),
    Case("audits:self-assessment-evidence-download", kwargs=EVIDENCE, expect=READ),
    Case("audits:self-assessment-plan-item-edit", kwargs=ITEM, expect=EDIT_PAGE),
    Case("audits:self-assessment-place-add", kwargs=SA, method="post", expect=WRITE,
         data=lambda w: {"place": "Przystanek", "kind": "stop", "source": "survey", "status": "open"}),
    Case("audits:self-assessment-place-update", kwargs=lambda w: {"pk": w.sa_a.pk, "place_pk": w.sa_place_a.pk},
         method="post", expect=WRITE),
    Case("audits:self-assessment-place-delete", kwargs=lambda w: {"pk": w.sa_a.pk, "place_pk": w.sa_place_a.pk},
         method="post", expect=WRITE),
    Case(
        "audits:self-assessment-plan-item-delete",
        kwargs=ITEM,
        method="post",
        data=lambda w: {"version": w.sa_item_a.version},
        expect=WRITE,
    ),
    Case(
        "audits:self-assessment-criterion-save",
        kwargs=lambda w: {"pk": w.sa_a.pk, "criterion_pk": w.sa_criterion_a.pk},
        method="post",
        data=lambda w: {f"c{w.sa_criterion_a.pk}-version": 1, f"c{w.sa_criterion_a.pk}-score": 1},
        expect=WRITE,
    ),
    # Coordinator A gets the carry-over (or a message when there is nothing earlier); others' ids answer 404.
    Case("audits:self-assessment-carry-over", kwargs=SA, method="post",
         expect=only({"coordinator_a": 302, "coordinator_b": 404})),
    # Partner confirmations: the coordinator sends and revokes links; the file reads like evidence.
    Case("audits:confirmation-send", kwargs=ITEM, method="post",
         data=lambda w: {"partnership": w.sa_partnership_a.pk}, expect=WRITE),
    Case("audits:confirmation-revoke", kwargs=lambda w: {"pk": w.sa_confirmation_live_a.pk}, method="post",
         expect=WRITE),
    Case("audits:confirmation-file", kwargs=lambda w: {"pk": w.sa_confirmation_a.pk}, expect=READ),
    # The partner's public page with a valid link, whoever opens it (bad links: test_partner_confirmations.py).
    Case("audits:partner-confirm", kwargs=lambda w: {"token": w.sa_confirmation_token_a}, expect=everyone(200)),
    Case("audits:self-assessment-evidence-delete", kwargs=EVIDENCE, method="post", expect=WRITE),
    Case("audits:self-assessment-recommendations", kwargs=SA, method="post", expect=WRITE),
    # The draft is incomplete: the coordinator is sent back with the list of what is missing.
    Case("audits:self-assessment-submit", kwargs=SA, method="post", expect=WRITE),
    # The draft is not submitted: KWP staff are sent back with a message.
    Case(
        "audits:self-assessment-return",
        kwargs=SA,
        method="post",
        data=lambda w: {"comment": "Proszę uzupełnić."},
        expect=REVIEW,
    ),
    Case("audits:self-assessment-accept", kwargs=SA, method="post", expect=REVIEW),
]
