from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutgoingEmail(models.Model):
    """An e-mail to send, stored in the same transaction as the change that caused it.

    A Celery task sends it after commit; if the broker or a worker is down, the row stays
    pending and the periodic flush sends it later, so no notice is lost.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    template = models.CharField(_("template"), max_length=100)
    to = models.JSONField(_("recipients"))
    context = models.JSONField(_("context"), default=dict)
    language = models.CharField(_("language"), max_length=10, default="pl")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    # When it was last handed to the broker; empty when that failed (the sweep then queues it at once).
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        db_table = "zpb_outgoingemail"  # the table of the app `zpb`, where the model lived before

    def __str__(self) -> str:
        return f"{self.template} → {', '.join(self.to)}"
