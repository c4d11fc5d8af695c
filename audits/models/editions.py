import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from institutions.models import Institution, Programme

from .rulebooks import RulebookVersion


class Stage(models.TextChoices):
    """What an institution seeks in an edition; also the kind of an audit and of a certificate."""

    CERTIFICATE = "certificate", _("Certificate (stage I)")
    EXTENSION = "extension", _("Extension (stage II)")
    LIDER = "lider", _("Lider title (stage III)")


class Edition(models.Model):
    """One yearly cycle, named by school year (1 September – 31 August)."""

    start_year = models.PositiveSmallIntegerField(_("start year"), unique=True, help_text=_("2025 for 2025/2026"))
    spb_rulebook = models.ForeignKey(
        RulebookVersion, verbose_name=_("rulebook for schools"), on_delete=models.PROTECT, related_name="spb_editions",
        limit_choices_to={"programme": Programme.SPB},
    )
    uwpb_rulebook = models.ForeignKey(
        RulebookVersion, verbose_name=_("rulebook for universities"), on_delete=models.PROTECT,
        related_name="uwpb_editions", limit_choices_to={"programme": Programme.UWPB},
    )
    enrolment_opens = models.DateField(_("enrolment opens"))
    enrolment_closes = models.DateField(_("enrolment closes"))
    self_assessment_deadline = models.DateField(_("self-assessment deadline"))
    audit_window_start = models.DateField(_("audits from"))
    audit_window_end = models.DateField(_("audits until"))
    ceremony_date = models.DateField(_("ceremony date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(enrolment_closes__gte=F("enrolment_opens")), name="edition_enrolment_order",
                violation_error_message=_("Enrolment cannot close before it opens."),
            ),
            models.CheckConstraint(
                condition=Q(audit_window_end__gte=F("audit_window_start")), name="edition_audit_window_order",
                violation_error_message=_("The audit window cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("audits:edition-detail", args=[self.pk])

    @property
    def name(self) -> str:
        return f"{self.start_year}/{self.start_year + 1}"

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.start_year, 9, 1)

    @property
    def ends_on(self) -> datetime.date:
        return datetime.date(self.start_year + 1, 8, 31)

    @property
    def is_current(self) -> bool:
        return self.starts_on <= timezone.localdate() <= self.ends_on

    def rulebook_for(self, programme: str) -> RulebookVersion:
        return self.uwpb_rulebook if programme == Programme.UWPB else self.spb_rulebook


class Enrolment(models.Model):
    """An institution taking part in an edition, and the stage it seeks."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="enrolments")
    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.PROTECT, related_name="enrolments"
    )
    stage = models.CharField(_("stage sought"), max_length=20, choices=Stage.choices, default=Stage.CERTIFICATE)
    deadline_extended_until = models.DateField(
        _("self-assessment deadline extended until"), null=True, blank=True,
        help_text=_("Granted by KWP staff to this institution only."),
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("enrolled by"), on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("enrolled"), auto_now_add=True)

    # The trail of stage choices, deadline extensions and withdrawals (a withdrawal deletes the row).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["edition", "institution__name"]
        indexes = [models.Index(fields=["edition", "stage"], name="enrolment_edition_stage")]
        constraints = [models.UniqueConstraint(fields=["edition", "institution"], name="one_enrolment_per_edition")]

    def __str__(self) -> str:
        return f"{self.institution} – {self.edition}"

    def get_absolute_url(self) -> str:
        return reverse("audits:enrolment-detail", args=[self.pk])

    @property
    def rulebook(self) -> RulebookVersion:
        return self.edition.rulebook_for(self.institution.programme)

    @property
    def self_assessment_deadline(self) -> datetime.date:
        return self.deadline_extended_until or self.edition.self_assessment_deadline
