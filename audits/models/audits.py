from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from institutions.models import Institution

from .editions import Enrolment, Stage
from .rulebooks import Criterion


class Audit(models.Model):
    """A May–June pre-certification audit of one enrolment, scored by a team of police auditors.

    At signing the total, the share of the maximum and the result under the edition's
    rulebook are computed and frozen on the row.
    """

    # Set by selectors on the instances of one page (not fields): audit_progress_counts,
    # reports' auditor dashboard.
    criteria_count: int
    scored_count: int
    user_is_lead: bool

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("audit status", "Planned")
        SIGNED = "signed", pgettext_lazy("audit status", "Signed")
        CANCELLED = "cancelled", pgettext_lazy("audit status", "Cancelled")

    TRANSITIONS: dict[str, set[str]] = {
        Status.PLANNED: {Status.SIGNED, Status.CANCELLED},
        Status.SIGNED: {Status.PLANNED},  # reopened by KWP staff, with a reason
        Status.CANCELLED: set(),
    }

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.PROTECT, related_name="audits"
    )
    # The enrolment's edition (which never changes), kept on the row like Certificate.edition: the dashboard counts
    # an edition's audits, decisions and audits to plan from this table's index alone, not by joining every
    # audit of every edition to its enrolment (index audit_edition_status; the FK's own index would duplicate it).
    edition = models.ForeignKey("Edition", verbose_name=_("edition"), on_delete=models.PROTECT, related_name="+",
                                editable=False, db_index=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Stage.choices)
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    version = models.PositiveIntegerField(default=1)
    total_points = models.PositiveSmallIntegerField(_("total points"), null=True, blank=True)
    max_points = models.PositiveSmallIntegerField(_("maximum points"), null=True, blank=True)
    percent = models.DecimalField(_("share of the maximum (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    lider_conditions_met = models.BooleanField(_("Lider conditions met"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    recommendations = models.TextField(_("recommendations for the institution"), blank=True)
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("planned by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The audit date the coordinators were reminded of (a moved audit is reminded of again).
    reminder_sent_for = models.DateField(_("reminder sent for the date"), null=True, blank=True, editable=False)
    # Whether a certification decision rests on the audit: kept by certification when a decision is recorded
    # (or deleted), so the signed audits still awaiting one are a partial index's few rows, not an anti-join of
    # every signed audit with every decision ever recorded (KWP's start page and dashboard count them).
    decision_recorded = models.BooleanField(_("decision recorded"), default=False, editable=False)

    class Meta:
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        ordering = ["date", "pk"]
        # Audits by status in date order (planned ones coming up, signed ones for the ranking and decisions).
        indexes = [
            models.Index(fields=["status", "date"], name="audit_status_date"),
            # An edition's audits by status and result (dashboard cards, audits to plan, decisions per edition).
            models.Index(fields=["edition", "status", "passed", "enrolment"], name="audit_edition_status"),
            # Signed audits awaiting the certification decision (certification.selectors.audits_awaiting_decision).
            models.Index(fields=["enrolment"], name="audit_awaiting_decision",
                         condition=Q(status="signed", decision_recorded=False)),
            # An edition's audits in the overview's and the calendar's order: a page reads its own rows only.
            models.Index(fields=["edition", "date"], name="audit_edition_date"),
            # The ranking in its order, so the place (a window over the edition) streams and stops at the page.
            models.Index(fields=["edition", "-percent", "-total_points"], name="audit_edition_ranking",
                         condition=Q(status="signed")),
        ]
        constraints = [
            # At most one live audit per enrolment; cancelled ones stay as history.
            models.UniqueConstraint(
                fields=["enrolment"], condition=~Q(status="cancelled"), name="one_live_audit_per_enrolment"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.institution} – {self.date:%d.%m.%Y}"

    def save(self, *args, **kwargs) -> None:
        if self.edition_id is None and self.enrolment_id is not None:  # made outside the services (admin, a data fix)
            self.edition_id = self.enrolment.edition_id
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("audits:audit-detail", args=[self.pk])

    @property
    def institution(self) -> Institution:
        return self.enrolment.institution

    @property
    def is_signed(self) -> bool:
        return self.status == self.Status.SIGNED

    @property
    def is_open_for_scoring(self) -> bool:
        """Scores are entered on or after the audit day (Warsaw time) and until signing."""
        return self.status == self.Status.PLANNED and timezone.localdate() >= self.date

    @property
    def is_upcoming(self) -> bool:
        return self.status == self.Status.PLANNED and timezone.localdate() < self.date


class AuditTeamMember(models.Model):
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("auditor"), on_delete=models.PROTECT,
                             related_name="audit_memberships")
    is_lead = models.BooleanField(_("team lead"), default=False)

    class Meta:
        verbose_name = _("audit team member")
        verbose_name_plural = _("audit team members")
        ordering = ["-is_lead", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "user"], name="auditor_once_per_audit"),
            models.UniqueConstraint(fields=["audit"], condition=Q(is_lead=True), name="one_lead_per_audit"),
        ]

    def __str__(self) -> str:
        return f"{self.audit} · {self.user}"


class AuditScore(models.Model):
    """One criterion's audit score; saved per criterion, with its own version for concurrent scoring."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="audit_scores"
    )
    score = models.PositiveSmallIntegerField(_("audit score"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("audit score")
        verbose_name_plural = _("audit scores")
        ordering = ["criterion__area__number", "criterion__position", "criterion__code"]
        constraints = [models.UniqueConstraint(fields=["audit", "criterion"], name="one_score_per_criterion")]

    def __str__(self) -> str:
        return f"{self.audit} · {self.criterion}: {self.score}"


class AuditEvent(models.Model):
    """Who changed what on an audit: planning, moves, cancellation, each score change, signing, reopening."""

    class Action(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("audit event", "planned")
        MOVED = "moved", pgettext_lazy("audit event", "moved")
        TEAM_CHANGED = "team_changed", pgettext_lazy("audit event", "team changed")
        CANCELLED = "cancelled", pgettext_lazy("audit event", "cancelled")
        SCORED = "scored", pgettext_lazy("audit event", "scored")
        SIGNED = "signed", pgettext_lazy("audit event", "signed")
        REOPENED = "reopened", pgettext_lazy("audit event", "reopened")

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.audit} · {self.get_action_display()}"

    @staticmethod
    def _display(value: str) -> str:
        # Status changes store status codes; show their labels. Dates and points are stored as shown.
        return str(Audit.Status(value).label) if value in Audit.Status.values else value

    @property
    def old_display(self) -> str:
        return self._display(self.old_value)

    @property
    def new_display(self) -> str:
        return self._display(self.new_value)


class AuditAreaSummary(models.Model):
    """One criteria area of one signed audit, frozen at signing for the KWP dashboard (deleted on reopen).

    Sums only the criteria that have both an audit score and a self-score, so both shares cover the same
    pairs. The edition and the area's programme, number and title are copied so that the dashboard sums an
    edition's rows with one grouped query on one table instead of joining every score to its answer.
    `manage.py rebuild_dashboard_summary` rebuilds every row from the live scores.
    """

    # The unique constraint below indexes the audit; the edition's own index is the dashboard's path.
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="area_summaries", db_index=False)
    edition = models.ForeignKey("audits.Edition", on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey("audits.CriterionArea", on_delete=models.PROTECT, related_name="+")
    programme = models.CharField(max_length=4)
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    audit_points = models.PositiveIntegerField()
    audit_max = models.PositiveIntegerField()
    self_points = models.PositiveIntegerField()
    self_max = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("audit area summary")
        verbose_name_plural = _("audit area summaries")
        constraints = [models.UniqueConstraint(fields=["audit", "area"], name="one_summary_per_audit_area")]

    def __str__(self) -> str:
        return f"{self.audit_id} · {self.programme} {self.number}: {self.audit_points}/{self.audit_max}"
