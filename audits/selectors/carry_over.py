"""Reads for carrying work over between editions: the previous edition's self-assessment of an institution."""

from ..models import ActionPlanItem, Enrolment, SelfAssessment

UNFINISHED = [ActionPlanItem.Status.PLANNED, ActionPlanItem.Status.IN_PROGRESS]


def previous_self_assessment(*, enrolment: Enrolment) -> SelfAssessment | None:
    """The institution's self-assessment of the latest earlier edition that has one (None when there is none)."""
    return (
        SelfAssessment.objects.select_related("enrolment__edition")
        .filter(enrolment__institution_id=enrolment.institution_id,
                enrolment__edition__start_year__lt=enrolment.edition.start_year)
        .order_by("-enrolment__edition__start_year")
        .first()
    )


def carry_over_offer(*, assessment: SelfAssessment) -> SelfAssessment | None:
    """The previous self-assessment the coordinator may still carry over from, or None (done already, nothing
    earlier, or this one can no longer be edited)."""
    if assessment.carried_over_from_id or not assessment.is_editable:
        return None
    return previous_self_assessment(enrolment=assessment.enrolment)


def unfinished_items(previous: SelfAssessment):
    return previous.action_items.filter(status__in=UNFINISHED).prefetch_related("partnerships")
