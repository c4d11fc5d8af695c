"""Self-assessment URLs in the access matrix.

Objects belong to institution A, in a self-assessment that is still a draft: its coordinator
reads and edits it, KWP staff read it (editing is 403), coordinator B and the auditor (on no
audit of A) get 404. Auditors on an audit team are covered in test_self_assessment_access.py.
"""

from zpb.tests.matrix import Case, only

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
    answer = answer_all(assessment)[0]
    world.extra["sa_criterion_a"] = answer.criterion
    world.extra["sa_evidence_a"] = EvidenceFactory(answer=answer)


CASES = [
    Case("audits:self-assessment-review-list", expect=only({"kwp": 200})),
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
