import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise

from institutions.models import Programme
from partners.models import Partnership

from .editions import Enrolment
from .rulebooks import Criterion


def survey_fields(programme: str) -> dict[str, StrOrPromise]:
    """The diagnosis surveys a programme asks for, field → label: schools survey pupils, parents and
    teachers; universities students and staff (no parents)."""
    if programme == Programme.UWPB:
        return {"surveyed_students": _("Surveyed students"), "surveyed_teachers": _("Surveyed staff")}
    return {"surveyed_students": _("Surveyed pupils"), "surveyed_parents": _("Surveyed parents"),
            "surveyed_teachers": _("Surveyed teachers")}


class SelfAssessment(models.Model):
    """The institution's yearly self-assessment: diagnosis, action plan and a score per criterion.

    `version` is bumped by every save of the diagnosis section; a save that carries an older
    version is refused (two tabs or two coordinators never overwrite each other silently).
    Action plan items and criterion answers carry their own versions.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("self-assessment", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("self-assessment", "Submitted")
        RETURNED = "returned", pgettext_lazy("self-assessment", "Returned for corrections")
        ACCEPTED = "accepted", pgettext_lazy("self-assessment", "Accepted")

    TRANSITIONS: dict[str, set[str]] = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.RETURNED, Status.ACCEPTED},
        Status.RETURNED: {Status.SUBMITTED},
        Status.ACCEPTED: set(),
    }
    EDITABLE = {Status.DRAFT, Status.RETURNED}

    enrolment = models.OneToOneField(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.PROTECT, related_name="self_assessment"
    )
    # The enrolment's edition (which never changes), kept on the row as on audits: the dashboard counts an
    # edition's self-assessments by status from index self_assessment_edition_status, not by hashing every one.
    edition = models.ForeignKey("Edition", verbose_name=_("edition"), on_delete=models.PROTECT, related_name="+",
                                editable=False, db_index=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    surveyed_students = models.PositiveIntegerField(_("surveyed pupils or students"), null=True, blank=True)
    surveyed_parents = models.PositiveIntegerField(_("surveyed parents"), null=True, blank=True)
    surveyed_teachers = models.PositiveIntegerField(_("surveyed teachers"), null=True, blank=True)
    site_inspection_date = models.DateField(_("site inspection date"), null=True, blank=True)
    diagnosis_findings = models.TextField(_("main findings of the diagnosis"), blank=True)
    dangerous_places = models.TextField(_("dangerous places identified"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set once the coordinator chose to carry over from the previous edition (services/carry_over.py):
    # marks the dangerous places as copied and makes a second carry-over a no-op.
    carried_over_from = models.ForeignKey(
        "self", verbose_name=_("carried over from"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    dangerous_places_carried_over = models.BooleanField(_("dangerous places carried over"), default=False)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["-enrolment__edition__start_year", "enrolment__institution__name"]
        indexes = [
            models.Index(fields=["status"], name="self_assessment_status"),
            models.Index(fields=["edition", "status", "enrolment"], name="self_assessment_edition_status"),
        ]

    def __str__(self) -> str:
        return str(self.enrolment)

    def save(self, *args, **kwargs) -> None:
        if self.edition_id is None and self.enrolment_id is not None:  # made outside the services (admin, a data fix)
            self.edition_id = self.enrolment.edition_id
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("audits:self-assessment-detail", args=[self.pk])

    @property
    def surveys(self) -> list[tuple[StrOrPromise, int | None]]:
        """(label, number surveyed) for the audiences the institution's programme asks about."""
        return [(label, getattr(self, name))
                for name, label in survey_fields(self.enrolment.institution.programme).items()]

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE


class SelfAssessmentEvent(models.Model):
    """The trail of a self-assessment: every status change, with who, when and a note."""

    self_assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.SET_NULL, null=True)
    from_status = models.CharField(_("from"), max_length=20, choices=SelfAssessment.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=SelfAssessment.Status.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("self-assessment event")
        verbose_name_plural = _("self-assessment events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.self_assessment} · {self.from_status} → {self.to_status}"


class ActionPlanItem(models.Model):
    """One line of the Integrated Action Plan."""

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("action plan status", "Planned")
        IN_PROGRESS = "in_progress", pgettext_lazy("action plan status", "In progress")
        DONE = "done", pgettext_lazy("action plan status", "Done")
        DROPPED = "dropped", pgettext_lazy("action plan status", "Dropped")

    self_assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="action_items")
    threat = models.CharField(_("threat addressed"), max_length=300)
    goal = models.CharField(_("goal"), max_length=300)
    action = models.TextField(_("action"))
    partnerships = models.ManyToManyField(
        Partnership, verbose_name=_("responsible partners"), blank=True, related_name="action_items"
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    effect = models.TextField(_("effect"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    # The unfinished item of the previous edition this one was copied from (one copy per item).
    carried_over_from = models.ForeignKey(
        "self", verbose_name=_("carried over from"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="carried_copies",
    )

    class Meta:
        verbose_name = _("action plan item")
        verbose_name_plural = _("action plan items")
        ordering = ["deadline", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["self_assessment", "carried_over_from"], condition=models.Q(carried_over_from__isnull=False),
                name="one_copy_per_carried_item",
            )
        ]

    def __str__(self) -> str:
        return self.goal


class CriterionAnswer(models.Model):
    """The coordinator's self-score and description for one criterion of the rulebook in force."""

    self_assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="answers"
    )
    score = models.PositiveSmallIntegerField(_("self-score"), null=True, blank=True)
    description = models.TextField(_("what was done and its effect"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("criterion answer")
        verbose_name_plural = _("criterion answers")
        ordering = ["criterion__area__number", "criterion__position", "criterion__code"]
        constraints = [
            models.UniqueConstraint(fields=["self_assessment", "criterion"], name="one_answer_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.self_assessment} · {self.criterion}: {self.score}"


class DangerousPlace(models.Model):
    """A dangerous place found in the diagnosis, followed up through the edition and into the next one.

    The free-text `SelfAssessment.dangerous_places` stays for the editions written before this list.
    """

    class Kind(models.TextChoices):
        ROAD = "road", pgettext_lazy("dangerous place", "Road or crossing")
        STOP = "stop", pgettext_lazy("dangerous place", "Bus or tram stop")
        GREEN = "green", pgettext_lazy("dangerous place", "Park, playground or wasteland")
        BUILDING = "building", pgettext_lazy("dangerous place", "In or around the building")
        OTHER = "other", pgettext_lazy("dangerous place", "Other")

    class Source(models.TextChoices):
        SURVEY = "survey", pgettext_lazy("dangerous place source", "Survey")
        INSPECTION = "inspection", pgettext_lazy("dangerous place source", "Site inspection")
        POLICE = "police", pgettext_lazy("dangerous place source", "Police")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("dangerous place status", "Open")
        IN_PROGRESS = "in_progress", pgettext_lazy("dangerous place status", "Being dealt with")
        RESOLVED = "resolved", pgettext_lazy("dangerous place status", "Resolved")

    self_assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="places")
    place = models.CharField(_("place"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    action_item = models.ForeignKey(ActionPlanItem, verbose_name=_("action plan item"), on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="places")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    reinspect_on = models.DateField(_("re-inspection date"), null=True, blank=True)
    # The unresolved place of the previous edition this one was copied from (one copy per place).
    carried_over_from = models.ForeignKey("self", verbose_name=_("carried over from"), on_delete=models.SET_NULL,
                                          null=True, blank=True, related_name="carried_copies")

    class Meta:
        verbose_name = _("dangerous place")
        verbose_name_plural = _("dangerous places")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["self_assessment", "carried_over_from"], condition=models.Q(carried_over_from__isnull=False),
                name="one_copy_per_carried_place",
            )
        ]

    def __str__(self) -> str:
        return self.place


def evidence_path(instance: "Evidence", filename: str) -> str:
    # The stored name is random; the original name is only displayed, never used as a path.
    return f"evidence/{instance.answer.self_assessment_id}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    url: str  # set by the audit page for its download link, not a field

    answer = models.ForeignKey(CriterionAnswer, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class SelfAssessmentReminder(models.Model):
    """A deadline reminder already sent, so the hourly task never sends the same one twice.

    Keyed by the deadline too: when KWP staff extend the deadline, reminders for the new date go out.
    """

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="self_assessment_reminders")
    deadline = models.DateField(_("deadline"))
    days_before = models.PositiveSmallIntegerField(_("days before the deadline"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("self-assessment reminder")
        verbose_name_plural = _("self-assessment reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "deadline", "days_before"], name="one_reminder_per_deadline_and_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} · {self.deadline} − {self.days_before}"
