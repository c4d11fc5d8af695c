"""The record an audit leaves: the team's recommendations (zalecenia) and the numbered audit protocol.

Recommendations are written while scoring; at signing they are frozen, with everything else the protocol
prints, into the protocol's snapshot. The next edition's self-assessment asks how each was addressed.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audits import Audit
from .self_assessments import SelfAssessment


class AuditRecommendation(models.Model):
    audit = models.ForeignKey(Audit, verbose_name=_("audit"), on_delete=models.CASCADE,
                              related_name="recommendation_items")
    text = models.TextField(_("recommendation"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("audit recommendation")
        verbose_name_plural = _("audit recommendations")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class ProtocolCounter(models.Model):
    """The last protocol number of a year; taken under a row lock, so numbers have no gaps."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


def protocol_pdf_path(instance: "AuditProtocol", filename: str) -> str:
    # Random, so a stored file's name reveals nothing and cannot be guessed.
    return f"protocols/{instance.year}/{uuid.uuid4().hex}.pdf"


class AuditProtocol(models.Model):
    """One signed version of an audit's protocol. The number (P/YYYY/NNNN) is taken at the first signature;
    reopening the audit marks the version superseded, and the next signature adds the next version."""

    class PdfStatus(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    audit = models.ForeignKey(Audit, verbose_name=_("audit"), on_delete=models.PROTECT, related_name="protocols")
    number = models.CharField(_("number"), max_length=20)
    year = models.PositiveSmallIntegerField(_("numbering year"))
    sequence = models.PositiveIntegerField(_("sequence number"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    # Everything the PDF prints, frozen at signing (see services.protocols.protocol_snapshot).
    snapshot = models.JSONField(_("data at signing"))
    signed_at = models.DateTimeField(_("signed"))
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("signed by"), on_delete=models.PROTECT,
                                  related_name="+")
    superseded_at = models.DateTimeField(_("superseded"), null=True, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=protocol_pdf_path, max_length=200, blank=True)
    pdf_status = models.CharField(_("PDF"), max_length=10, choices=PdfStatus.choices, default=PdfStatus.PENDING)
    pdf_error = models.TextField(_("PDF error"), blank=True)
    pdf_requested_at = models.DateTimeField(_("PDF requested"), default=timezone.now)
    pdf_queued_at = models.DateTimeField(_("PDF queued"), null=True, blank=True)
    pdf_rendered_at = models.DateTimeField(_("PDF rendered"), null=True, blank=True)
    # The SHA-256 of the stored (signed) PDF: an uploaded file is recognised as a KWP protocol by it.
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("audit protocol")
        verbose_name_plural = _("audit protocols")
        ordering = ["audit", "version"]
        constraints = [
            models.UniqueConstraint(fields=["number", "version"], name="protocol_number_version_unique"),
            models.UniqueConstraint(fields=["audit", "version"], name="protocol_audit_version_unique"),
            models.UniqueConstraint(fields=["audit"], condition=Q(superseded_at__isnull=True),
                                    name="one_current_protocol_per_audit"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.number if self.version == 1 else f"{self.number} ({_('version')} {self.version})"

    @property
    def pdf_filename(self) -> str:
        return f"protokol-{self.number.replace('/', '-')}-v{self.version}.pdf"

    @property
    def is_ready(self) -> bool:
        return self.pdf_status == self.PdfStatus.READY and bool(self.pdf)


class RecommendationAnswer(models.Model):
    """How the institution acted on one of last edition's recommendations, saved with this self-assessment."""

    self_assessment = models.ForeignKey(SelfAssessment, verbose_name=_("self-assessment"), on_delete=models.CASCADE,
                                        related_name="recommendation_answers")
    recommendation = models.ForeignKey(AuditRecommendation, verbose_name=_("recommendation"),
                                       on_delete=models.PROTECT, related_name="answers")
    answer = models.TextField(_("how it was addressed"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("answer to a recommendation")
        verbose_name_plural = _("answers to recommendations")
        ordering = ["recommendation__created_at", "recommendation__pk"]
        constraints = [models.UniqueConstraint(fields=["self_assessment", "recommendation"],
                                               name="one_answer_per_recommendation")]

    def __str__(self) -> str:
        return self.answer[:80]
