import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.lib.dates import short_date
from institutions.models import County, Institution

# Abbreviations seen in partner names, expanded so that "m. Krakowa" matches "Miasta Krakowa".
NAME_ABBREVIATIONS = {"m": "miasta", "sw": "swietego"}


def normalize_name(name: str) -> str:
    """A key for spotting duplicates: lower case, no Polish diacritics or punctuation, abbreviations expanded."""
    text = unicodedata.normalize("NFKD", name.replace("ł", "l").replace("Ł", "L").lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(NAME_ABBREVIATIONS.get(word, word) for word in words)


class Partner(models.Model):
    """An organisation in the shared directory; institutions link to it through partnerships."""

    class Kind(models.TextChoices):
        LOCAL_GOVERNMENT = "local_government", _("Local government")
        EDUCATION_BOARD = "education_board", _("Education board (Kuratorium)")
        MUNICIPAL_GUARD = "municipal_guard", _("Municipal or communal guard")
        POLICE = "police", _("Police unit")
        UNIVERSITY = "university", _("University")
        STUDENT_GOVERNMENT = "student_government", _("Student government")
        DISTRICT_COUNCIL = "district_council", _("District council")
        HOUSING_COOPERATIVE = "housing_cooperative", _("Housing cooperative")
        NGO = "ngo", _("Non-governmental organisation")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=300)
    name_key = models.CharField(_("normalised name"), max_length=300, db_index=True, editable=False, default="")
    contact_person = models.CharField(_("contact person"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    county = models.ForeignKey(
        County, verbose_name=_("county"), on_delete=models.PROTECT, null=True, blank=True, related_name="partners"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        indexes = [models.Index(fields=["name"], name="partner_name")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name_key = normalize_name(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("partners:detail", args=[self.pk])


class PartnershipQuerySet(models.QuerySet):
    def current(self) -> "PartnershipQuerySet":
        today = timezone.localdate()
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today), started_on__lte=today)

    def not_ended(self) -> "PartnershipQuerySet":
        """Current and upcoming partnerships."""
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=timezone.localdate()))


class Partnership(models.Model):
    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.PROTECT, related_name="partnerships"
    )
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="partnerships"
    )
    started_on = models.DateField(_("start date"))
    ended_on = models.DateField(_("end date"), null=True, blank=True)
    scope = models.TextField(_("scope of cooperation"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()
    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["partner__name", "-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="partnership_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution} – {self.partner}"

    def clean(self) -> None:
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("The end date cannot be earlier than the start date (%(date)s).")
                                   % {"date": short_date(self.started_on)}})

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.started_on <= today and (self.ended_on is None or self.ended_on >= today)

    @property
    def is_ended(self) -> bool:
        return self.ended_on is not None and self.ended_on < timezone.localdate()

    @property
    def is_upcoming(self) -> bool:
        return self.started_on > timezone.localdate()
