"""Writes for self-assessments: opening, saving sections, evidence, status transitions, e-mails.

Edits lock the self-assessment row first, so that a save and a submission never interleave;
each section then saves with compare-and-set on its own `version`, so two tabs or two
coordinators never overwrite each other silently.
"""

import datetime
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.emails import email_queue
from core.lib.dates import short_date, short_datetime
from core.services import ServiceError
from institutions.models import User
from partners.models import Partnership

from ..models import (
    ActionPlanItem,
    Criterion,
    CriterionAnswer,
    DangerousPlace,
    Enrolment,
    Evidence,
    SelfAssessment,
    SelfAssessmentEvent,
)
from ..models.self_assessments import SelfAssessmentReminder
from ..selectors.self_assessments import self_assessment_missing, today_in_warsaw
from ..uploads import CheckedUpload, check_upload

Status = SelfAssessment.Status
DIAGNOSIS_FIELDS = [
    "surveyed_students", "surveyed_parents", "surveyed_teachers", "site_inspection_date", "diagnosis_findings",
    "dangerous_places",
]
ACTION_ITEM_FIELDS = ["threat", "goal", "action", "deadline", "status", "effect"]
REMINDER_DAYS = (14, 3)


class SelfAssessmentError(ServiceError):
    """A rule was broken; the message is shown to the user."""


class ConflictError(SelfAssessmentError):
    """Someone saved the same part since the form was loaded."""


class TransitionError(SelfAssessmentError):
    pass


class IncompleteError(TransitionError):
    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__(_("The self-assessment cannot be submitted yet. Missing:") + " " + " ".join(missing))


def _stale() -> ConflictError:
    return ConflictError(_(
        "Your changes were not saved: someone else (or you, in another tab) saved this part in the meantime. "
        "The current data is shown below; enter your changes again if they are still needed."
    ))


def _lock_editable(assessment: SelfAssessment) -> SelfAssessment:
    locked = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.status not in SelfAssessment.EDITABLE:
        raise SelfAssessmentError(
            _("This self-assessment can no longer be changed (status: %(status)s).")
            % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def self_assessment_open(*, enrolment: Enrolment, by: User) -> SelfAssessment:
    """The enrolment's self-assessment, created as a draft on first open (safe to call again)."""
    assessment, created = SelfAssessment.objects.get_or_create(
        enrolment=enrolment, defaults={"edition_id": enrolment.edition_id, "updated_by": by})
    if created:
        SelfAssessmentEvent.objects.create(self_assessment=assessment, by=by, to_status=Status.DRAFT)
    return assessment


@transaction.atomic
def self_assessment_diagnosis_save(*, assessment: SelfAssessment, version: int, data: dict, by: User) -> SelfAssessment:
    _lock_editable(assessment)
    # Fields the programme does not ask for (parents, at a university) are left empty.
    changed = SelfAssessment.objects.filter(pk=assessment.pk, version=version).update(
        **{name: data.get(name) for name in DIAGNOSIS_FIELDS},
        version=F("version") + 1, updated_by=by, updated_at=timezone.now(),
    )
    if changed != 1:
        raise _stale()
    assessment.refresh_from_db()
    return assessment


def _check_partnerships(assessment: SelfAssessment, partnerships: Iterable[Partnership]) -> list[Partnership]:
    partnerships = list(partnerships)
    if any(p.institution_id != assessment.enrolment.institution_id for p in partnerships):
        raise SelfAssessmentError(_("Choose partners of this institution only."))
    return partnerships


@transaction.atomic
def action_item_create(
    *, assessment: SelfAssessment, data: dict, partnerships: Iterable[Partnership], by: User
) -> ActionPlanItem:
    _lock_editable(assessment)
    partnerships = _check_partnerships(assessment, partnerships)
    item = ActionPlanItem.objects.create(self_assessment=assessment, **{n: data[n] for n in ACTION_ITEM_FIELDS})
    item.partnerships.set(partnerships)
    return item


@transaction.atomic
def action_item_update(
    *, item: ActionPlanItem, version: int, data: dict, partnerships: Iterable[Partnership], by: User
) -> ActionPlanItem:
    _lock_editable(item.self_assessment)
    partnerships = _check_partnerships(item.self_assessment, partnerships)
    changed = ActionPlanItem.objects.filter(pk=item.pk, version=version).update(
        **{n: data[n] for n in ACTION_ITEM_FIELDS}, version=F("version") + 1
    )
    if changed != 1:
        raise _stale()
    item.partnerships.set(partnerships)
    item.refresh_from_db()
    return item


@transaction.atomic
def action_item_delete(*, item: ActionPlanItem, version: int, by: User) -> None:
    _lock_editable(item.self_assessment)
    deleted, _rows = ActionPlanItem.objects.filter(pk=item.pk, version=version).delete()
    if not deleted:
        raise _stale()


@transaction.atomic
def criterion_answer_save(
    *, assessment: SelfAssessment, criterion: Criterion, version: int, score: int | None, description: str,
    by: User, upload=None, checked: CheckedUpload | None = None,
) -> CriterionAnswer:
    """Save a criterion's self-score and description, and add the uploaded file if any.

    Version 0 means "no answer yet": the first save creates it; a second form loaded before
    that save finds the row taken and is refused like any stale save.
    """
    _lock_editable(assessment)
    if criterion.area.rulebook_id != assessment.enrolment.rulebook.pk:
        raise SelfAssessmentError(_("This criterion belongs to another rulebook."))
    if score is not None and not 0 <= score <= criterion.max_points:
        raise SelfAssessmentError(_("The self-score must be between 0 and %(max)d.") % {"max": criterion.max_points})
    values = {"score": score, "description": description, "updated_by": by}
    if version == 0:
        try:
            with transaction.atomic():
                answer = CriterionAnswer.objects.create(self_assessment=assessment, criterion=criterion, **values)
        except IntegrityError:
            raise _stale() from None
    else:
        answers = CriterionAnswer.objects.filter(self_assessment=assessment, criterion=criterion)
        if answers.filter(version=version).update(**values, version=F("version") + 1, updated_at=timezone.now()) != 1:
            raise _stale()
        answer = answers.get()
    if upload is not None:
        evidence_add(answer=answer, upload=upload, checked=checked, by=by)
    return answer


@transaction.atomic
def evidence_add(*, answer: CriterionAnswer, upload, by: User, checked: CheckedUpload | None = None) -> Evidence:
    _lock_editable(answer.self_assessment)
    checked = checked or check_upload(upload)
    evidence = Evidence(
        answer=answer, original_name=checked.display_name, content_type=checked.content_type, size=checked.size,
        sha256=checked.sha256, uploaded_by=by,
    )
    upload.seek(0)
    # upload_to gives a random name; the display name never reaches the file system.
    evidence.file.save(checked.display_name, upload, save=False)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: Evidence, by: User) -> None:
    _lock_editable(evidence.answer.self_assessment)
    storage, name = evidence.file.storage, evidence.file.name
    evidence.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# --- Status transitions ----------------------------------------------------------------------


def _change_status(assessment: SelfAssessment, *, to: str, by: User, note: str = "", **fields) -> SelfAssessment:
    """Compare-and-set the status, then write the history row."""
    old = assessment.status
    if to not in SelfAssessment.TRANSITIONS[old]:
        raise TransitionError(
            _("This is not possible for a self-assessment with status: %(status)s.")
            % {"status": assessment.get_status_display()}
        )
    now = timezone.now()
    changed = SelfAssessment.objects.filter(pk=assessment.pk, status=old).update(status=to, updated_at=now, **fields)
    if changed != 1:
        raise TransitionError(_("The status was changed by someone else in the meantime. Reload the page."))
    SelfAssessmentEvent.objects.create(self_assessment=assessment, by=by, from_status=old, to_status=to, note=note)
    assessment.refresh_from_db()
    return assessment


def _lock(assessment: SelfAssessment) -> SelfAssessment:
    return (
        SelfAssessment.objects.select_for_update(of=("self",))
        .select_related("enrolment__edition", "enrolment__institution")
        .get(pk=assessment.pk)
    )


def _email_context(assessment: SelfAssessment) -> dict:
    return {
        "institution": assessment.enrolment.institution.name,
        "edition": assessment.enrolment.edition.name,
        "path": assessment.get_absolute_url(),
    }


@transaction.atomic
def self_assessment_submit(
    *, assessment: SelfAssessment, by: User, today: datetime.date | None = None
) -> SelfAssessment:
    """Submit a complete draft before the deadline, or resubmit a returned one.

    The deadline (the edition's, or the institution's extension) binds the first submission;
    a self-assessment returned by KWP staff may be resubmitted after it, since the return asks for it.
    """
    locked = _lock(assessment)
    if locked.status == Status.SUBMITTED:
        raise TransitionError(_("This self-assessment has already been submitted."))
    deadline = locked.enrolment.self_assessment_deadline
    if locked.status == Status.DRAFT and (today or today_in_warsaw()) > deadline:
        raise TransitionError(
            _("The deadline for submitting the self-assessment passed on %(date)s. Ask KWP staff for an extension.")
            % {"date": short_date(deadline)}
        )
    if locked.status in SelfAssessment.EDITABLE:
        missing = self_assessment_missing(locked)
        if missing:
            raise IncompleteError(missing)
    submitted = _change_status(locked, to=Status.SUBMITTED, by=by, submitted_at=timezone.now())
    email_queue(
        template="self_assessment_submitted", to=locked.enrolment.institution.coordinator_emails(),
        context={**_email_context(submitted), "by": str(by),
                 "submitted_at": short_datetime(timezone.localtime(submitted.submitted_at))},
    )
    return submitted


@transaction.atomic
def self_assessment_return(*, assessment: SelfAssessment, by: User, comment: str) -> SelfAssessment:
    if not by.is_kwp:
        raise TransitionError(_("Only KWP staff review self-assessments."))
    comment = comment.strip()
    if not comment:
        raise TransitionError(_("Write what the coordinator should correct."))
    returned = _change_status(_lock(assessment), to=Status.RETURNED, by=by, note=comment)
    email_queue(
        template="self_assessment_returned", to=returned.enrolment.institution.coordinator_emails(),
        context={**_email_context(returned), "comment": comment, "by": str(by)},
    )
    return returned


@transaction.atomic
def self_assessment_accept(*, assessment: SelfAssessment, by: User, note: str = "") -> SelfAssessment:
    if not by.is_kwp:
        raise TransitionError(_("Only KWP staff review self-assessments."))
    return _change_status(_lock(assessment), to=Status.ACCEPTED, by=by, note=note.strip())


# --- Reminders -------------------------------------------------------------------------------


@transaction.atomic
def self_assessment_send_reminders(today: datetime.date) -> int:
    """Remind coordinators 14 and 3 days before their deadline (the extension counts) when their
    self-assessment is not submitted yet: each reminder is due from its day until the next one's (the
    3-day one until the deadline day), so a run that missed the day catches up; a reminder found late
    sends only the most urgent one and states the real number of days left. Each reminder is recorded
    (SelfAssessmentReminder, per deadline and threshold) and never sent twice."""
    sent = 0
    effective = Coalesce("deadline_extended_until", "edition__self_assessment_deadline")
    bounds = [*REMINDER_DAYS[1:], -1]
    for days, lower in zip(REMINDER_DAYS, bounds, strict=True):
        enrolments = (
            Enrolment.objects.annotate(deadline=effective)
            .filter(deadline__gt=today + datetime.timedelta(days=lower),
                    deadline__lte=today + datetime.timedelta(days=days), institution__is_active=True)
            .exclude(self_assessment__status__in=[Status.SUBMITTED, Status.ACCEPTED])
            .select_related("institution", "edition")
        )
        for enrolment in enrolments:
            _reminder, created = SelfAssessmentReminder.objects.get_or_create(
                enrolment=enrolment, deadline=enrolment.deadline, days_before=days
            )
            if not created:
                continue
            email_queue(
                template="self_assessment_reminder", to=enrolment.institution.coordinator_emails(),
                context={
                    "institution": enrolment.institution.name, "edition": enrolment.edition.name,
                    "path": reverse("audits:self-assessment-open", args=[enrolment.pk]),
                    "deadline": short_date(enrolment.deadline), "days": (enrolment.deadline - today).days,
                },
            )
            sent += 1
    return sent


# --- Dangerous places (the diagnosis' structured list) -----------------------------------------


@transaction.atomic
def dangerous_place_add(*, assessment: SelfAssessment, data: dict, by: User) -> DangerousPlace:
    _lock_editable(assessment)
    item = data.get("action_item")
    if item is not None and item.self_assessment_id != assessment.pk:
        raise SelfAssessmentError(_("Choose an action of this self-assessment's plan."), field="action_item")
    fields = ("place", "kind", "description", "source", "action_item", "status", "reinspect_on")
    return DangerousPlace.objects.create(self_assessment=assessment, **{f: data[f] for f in fields if f in data})


@transaction.atomic
def dangerous_place_update(*, place: DangerousPlace, status: str, reinspect_on, by: User) -> DangerousPlace:
    _lock_editable(place.self_assessment)
    DangerousPlace.objects.filter(pk=place.pk).update(status=status, reinspect_on=reinspect_on)
    place.refresh_from_db()
    return place


@transaction.atomic
def dangerous_place_delete(*, place: DangerousPlace, by: User) -> None:
    _lock_editable(place.self_assessment)
    place.delete()
