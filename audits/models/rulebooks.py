import math
from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from institutions.models import Programme


class RulebookVersion(models.Model):
    """The rules of one programme from a given date: validity periods, points, threshold, Lider
    conditions and the criteria catalogue. Once an edition has used it, it is frozen: changes
    are made in a new version copied from it."""

    programme = models.CharField(_("programme"), max_length=4, choices=Programme.choices)
    name = models.CharField(_("name"), max_length=200)
    effective_from = models.DateField(_("in force from"))
    certificate_validity_years = models.PositiveSmallIntegerField(_("certificate valid for (years)"), default=2)
    extension_validity_years = models.PositiveSmallIntegerField(_("extension valid for (years)"), default=5)
    max_points = models.PositiveSmallIntegerField(_("maximum points"), default=35)
    pass_threshold_percent = models.PositiveSmallIntegerField(
        _("pass threshold (% of points)"), default=80,
        help_text=_("An audit passes when its total is at least this share of the maximum."),
    )
    lider_min_years = models.PositiveSmallIntegerField(_("Lider: minimum years in the programme"), default=7)
    lider_requires_valid_certificate = models.BooleanField(_("Lider: valid certificate required"), default=True)
    copied_from = models.ForeignKey(
        "self", verbose_name=_("copied from"), on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("rulebook version")
        verbose_name_plural = _("rulebook versions")
        ordering = ["programme", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "effective_from"], name="one_rulebook_per_programme_and_date"),
            models.CheckConstraint(
                condition=models.Q(pass_threshold_percent__lte=100), name="rulebook_threshold_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("audits:rulebook-detail", args=[self.pk])

    def pass_mark(self) -> Decimal:
        """Points needed to pass (may be fractional; compare totals with >=)."""
        return Decimal(self.max_points) * self.pass_threshold_percent / 100

    @property
    def pass_points(self) -> int:
        """The fewest whole points that pass (totals are whole numbers)."""
        return math.ceil(self.pass_mark())

    @property
    def threshold_text(self) -> str:
        """What the rulebook requires, e.g. “28 of 35 points (80 %) needed”, for result and decision pages."""
        return gettext("%(points)s of %(max)s points (%(percent)s %%) needed to pass") % {
            "points": self.pass_points, "max": self.max_points, "percent": self.pass_threshold_percent}


class CriterionArea(models.Model):
    rulebook = models.ForeignKey(
        RulebookVersion, verbose_name=_("rulebook version"), on_delete=models.CASCADE, related_name="areas"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        verbose_name = _("criteria area")
        verbose_name_plural = _("criteria areas")
        ordering = ["rulebook", "number"]
        constraints = [models.UniqueConstraint(fields=["rulebook", "number"], name="unique_area_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Criterion(models.Model):
    area = models.ForeignKey(CriterionArea, verbose_name=_("area"), on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("code"), max_length=10, help_text=_("E.g. 2.3"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    guidance_coordinator = models.TextField(_("guidance for coordinators"), blank=True)
    guidance_auditor = models.TextField(_("guidance for auditors"), blank=True)
    max_points = models.PositiveSmallIntegerField(_("maximum points"))
    evidence_required = models.BooleanField(_("evidence required"), default=False)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["area__number", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["area", "code"], name="unique_criterion_code_in_area")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"
