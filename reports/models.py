"""Exports built by a worker: the request only records what to build (an `ExportJob`), the file lands in storage."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def export_file_path(job: "ExportJob", filename: str) -> str:
    # Under the job's own folder: the download name stays readable without two users' files colliding.
    return f"exports/{job.created_by_id}/{job.pk}/{filename}"


class ExportJob(models.Model):
    """One export a user asked for, with its progress; the file is private to its owner and expires."""

    class Kind(models.TextChoices):
        INSTITUTIONS = "institutions", _("Institutions")
        CERTIFICATES = "certificates", _("Certificates")
        SELF_ASSESSMENTS = "self_assessments", _("Self-assessments")
        AUDITS = "audits", _("Audit results")
        SURVEY_RESULTS = "survey_results", _("Survey results of the region")

    class Format(models.TextChoices):
        XLSX = "xlsx", "XLSX"
        CSV = "csv", "CSV"

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("export status", "Waiting")
        RUNNING = "running", pgettext_lazy("export status", "Being prepared")
        DONE = "done", pgettext_lazy("export status", "Ready")
        FAILED = "failed", pgettext_lazy("export status", "Failed")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ordered by"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices, default=Format.XLSX)
    # The list's filters as they were in the query string (lists of strings); the worker applies them
    # through the same filter forms and selectors as the list, scoped to `created_by`.
    parameters = models.JSONField(_("filters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(_("rows written"), default=0)
    total = models.PositiveIntegerField(_("rows"), default=0)
    file = models.FileField(_("file"), upload_to=export_file_path, max_length=255, blank=True)
    filename = models.CharField(_("file name"), max_length=150, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("ordered"), auto_now_add=True)
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["created_by", "-created_at"], name="exportjob_owner_recent"),
            models.Index(fields=["status", "queued_at"], name="exportjob_sweep"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_format_display()})"

    def get_absolute_url(self) -> str:
        return reverse("reports:export-job", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(100, 100 * self.done // self.total) if self.total else 0

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_downloadable(self) -> bool:
        return self.status == self.Status.DONE and bool(self.file) and not self.is_expired
