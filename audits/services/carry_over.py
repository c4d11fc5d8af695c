"""Carrying unfinished work over from the previous edition's self-assessment, on the coordinator's request.

What is copied: action-plan items not done or dropped (with their responsible partners whose partnership
has not ended; partnerships themselves belong to the institution and outlive editions), and the dangerous
places of the diagnosis: the list's unresolved places (linked to the copies of their action-plan items),
and the old free-text field (only into an empty field, so nothing typed is overwritten). Every copy points
back to its source (`carried_over_from`), which the pages show as "carried over from edition …" and which
makes a second run copy nothing.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from institutions.models import User
from partners.models import Partnership

from ..models import ActionPlanItem, DangerousPlace, SelfAssessment
from ..selectors.carry_over import previous_self_assessment, unfinished_items
from .self_assessments import SelfAssessmentError, _lock_editable


@dataclass(frozen=True)
class CarryOverResult:
    source: SelfAssessment
    items: int
    dangerous_places: bool
    already: bool = False


def _shift(day: datetime.date, years: int) -> datetime.date:
    """The same deadline `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def self_assessment_carry_over(*, assessment: SelfAssessment, by: User) -> CarryOverResult:
    locked = _lock_editable(assessment)
    source = previous_self_assessment(enrolment=assessment.enrolment)
    if source is None:
        raise SelfAssessmentError(_("There is no self-assessment of an earlier edition to carry over from."))
    if locked.carried_over_from_id is not None:  # a second click, another tab: nothing more to copy
        return CarryOverResult(source=source, items=0, dangerous_places=False, already=True)
    years = assessment.enrolment.edition.start_year - source.enrolment.edition.start_year
    live = set(Partnership.objects.not_ended().filter(institution_id=assessment.enrolment.institution_id)
               .values_list("pk", flat=True))
    already = set(ActionPlanItem.objects.filter(self_assessment=locked).values_list("carried_over_from", flat=True))
    copied = 0
    for item in unfinished_items(source):
        if item.pk in already:
            continue
        copy = ActionPlanItem.objects.create(
            self_assessment=locked, threat=item.threat, goal=item.goal, action=item.action,
            deadline=_shift(item.deadline, years), status=item.status, effect=item.effect, carried_over_from=item,
        )
        copy.partnerships.set([p for p in item.partnerships.all() if p.pk in live])
        copied += 1
    _carry_places(source=source, target=locked)
    fields: dict[str, object] = {"carried_over_from": source, "updated_by": by}
    places = bool(source.dangerous_places.strip()) and not locked.dangerous_places.strip()
    if places:
        fields |= {"dangerous_places": source.dangerous_places, "dangerous_places_carried_over": True}
    # The diagnosis form carries `version`: bump it so a form loaded before the copy is refused, not overwriting.
    SelfAssessment.objects.filter(pk=locked.pk).update(version=locked.version + 1, **fields)
    assessment.refresh_from_db()
    return CarryOverResult(source=source, items=copied, dangerous_places=places)


def _carry_places(*, source: SelfAssessment, target: SelfAssessment) -> int:
    """Copy the unresolved dangerous places, linked to the copy of their action-plan item if it was carried."""
    items = dict(ActionPlanItem.objects.filter(self_assessment=target, carried_over_from__isnull=False)
                 .values_list("carried_over_from", "pk"))
    copies = [
        DangerousPlace(self_assessment=target, place=p.place, kind=p.kind, description=p.description, source=p.source,
                       action_item_id=items.get(p.action_item_id), status=p.status, reinspect_on=p.reinspect_on,
                       carried_over_from=p)
        for p in source.places.exclude(status=DangerousPlace.Status.RESOLVED)
    ]
    DangerousPlace.objects.bulk_create(copies)
    return len(copies)
