"""Diagnosis surveys: questionnaires as data, survey rounds a school opens, anonymous responses.

A response keeps no address, user agent or time of day: only the day it came in. Paper answers are
tallies per option, stored apart from online responses and added to them in the results.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from audits.models import Enrolment
from institutions.models import Programme

# A free-text answer's cap: enough for a sentence or two about a place or a worry, too short for an essay.
TEXT_ANSWER_MAX = 500


class Audience(models.TextChoices):
    PUPILS_PRIMARY = "pupils_primary", _("Pupils of primary school (grades 4–8)")
    PUPILS_SECONDARY = "pupils_secondary", _("Pupils of secondary school")
    PARENTS = "parents", _("Parents")
    STAFF = "staff", _("Teachers and staff")
    STUDENTS = "students", _("Students")


AUDIENCES: dict[str, list[str]] = {
    Programme.SPB: [Audience.PUPILS_PRIMARY, Audience.PUPILS_SECONDARY, Audience.PARENTS, Audience.STAFF],
    Programme.UWPB: [Audience.STUDENTS, Audience.STAFF],
}
# The self-assessment's diagnosis head count each audience adds to.
DIAGNOSIS_FIELD: dict[str, str] = {
    Audience.PUPILS_PRIMARY: "surveyed_students", Audience.PUPILS_SECONDARY: "surveyed_students",
    Audience.STUDENTS: "surveyed_students", Audience.PARENTS: "surveyed_parents", Audience.STAFF: "surveyed_teachers",
}


class Questionnaire(models.Model):
    """One version of the questions for a programme's audience. Edited only as a draft; once a
    response came in it is locked for good (results compare answers to the same questions)."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("questionnaire", "Draft")
        PUBLISHED = "published", pgettext_lazy("questionnaire", "Published")
        LOCKED = "locked", pgettext_lazy("questionnaire", "Locked (answered)")

    programme = models.CharField(_("programme"), max_length=10, choices=Programme.choices)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True,
                             help_text=_("Shown above the questions: who asks, why, and that answers are anonymous."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    copied_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["programme", "audience", "-version"]
        constraints = [models.UniqueConstraint(fields=["programme", "audience", "version"],
                                               name="one_questionnaire_version")]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("surveys:questionnaire-detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        SCALE = "scale", _("Scale 1–5")
        YES_NO = "yes_no", _("Yes / no")
        TEXT = "text", _("Short free text")

    CHOICE_KINDS = {Kind.SINGLE, Kind.MULTIPLE, Kind.SCALE, Kind.YES_NO}

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("answer"), max_length=200)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label


def new_token() -> str:
    return secrets.token_urlsafe(12)


class Round(models.Model):
    """A school asking one audience, within one edition, until a closing day."""

    # A withdrawn enrolment (never submitted) takes its surveys with it, as it does its draft self-assessment.
    enrolment = models.ForeignKey(Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE,
                                  related_name="survey_rounds")
    questionnaire = models.ForeignKey(Questionnaire, verbose_name=_("questionnaire"), on_delete=models.PROTECT,
                                      related_name="rounds")
    label = models.CharField(_("class or group"), max_length=60, blank=True,
                             help_text=_("Optional, e.g. “7b” or “parents of grade 4”."))
    closes_on = models.DateField(_("closes on"), help_text=_("The last day answers are accepted."))
    closed_on = models.DateField(_("closed early on"), null=True, blank=True)
    # The public address: random, so that rounds cannot be found by counting.
    token = models.CharField(max_length=24, unique=True, default=new_token, editable=False)
    paper_respondents = models.PositiveIntegerField(_("paper questionnaires"), default=0)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        audience = self.questionnaire.get_audience_display()
        return f"{audience} – {self.label}" if self.label else str(audience)

    def get_absolute_url(self) -> str:
        return reverse("surveys:round-detail", args=[self.pk])

    def get_public_url(self) -> str:
        return settings.SITE_URL + reverse("surveys-public:answer", args=[self.token])

    def is_open_on(self, day) -> bool:
        return self.closed_on is None and day <= self.closes_on

    @property
    def is_open(self) -> bool:
        return self.is_open_on(timezone.localdate())


class Response(models.Model):
    """One anonymous online response. `nonce` is the form's one-time number: a replayed submission
    carries a used one and is refused; it says nothing about who answered."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    submitted_on = models.DateField()
    nonce = models.CharField(max_length=32, unique=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"{self.round_id}/{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    # The response's round, repeated: results count answers per round and option from this table alone.
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+", db_index=False)
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(Option, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    text = models.CharField(max_length=TEXT_ANSWER_MAX, blank=True)

    class Meta:
        indexes = [models.Index(fields=["round", "option"], name="surveys_answer_round_option")]

    def __str__(self) -> str:  # never the written answer: this shows in the admin and in logs
        return f"{self.question_id}: {self.option_id or '—'}"


class PaperTally(models.Model):
    """How many paper questionnaires of a round ticked an option (typed in by the coordinator)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="tallies")
    option = models.ForeignKey(Option, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "option"], name="one_tally_per_option")]

    def __str__(self) -> str:
        return f"{self.option_id}: {self.count}"
