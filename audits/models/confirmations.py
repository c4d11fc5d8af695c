import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import Partnership

from .self_assessments import ActionPlanItem


def confirmation_path(instance: "PartnerConfirmation", filename: str) -> str:
    # A random stored name; the partner's file name is only displayed.
    return f"confirmations/{instance.item_id}/{uuid.uuid4().hex}"


class PartnerConfirmation(models.Model):
    """A responsible partner's confirmation of one action-plan item, given through an e-mailed link.

    The link signs (id, nonce) and only its SHA-256 is kept here (services/confirmations.py). One row is
    one link: it confirms this item only, once; the coordinator may revoke it, and it expires.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for the partner")
        CONFIRMED = "confirmed", _("confirmed")
        REVOKED = "revoked", _("revoked")
        EXPIRED = "expired", _("expired")

    item = models.ForeignKey(ActionPlanItem, on_delete=models.CASCADE, related_name="partner_confirmations")
    partnership = models.ForeignKey(Partnership, verbose_name=_("partner"), on_delete=models.PROTECT,
                                    related_name="+")
    email = models.EmailField(_("sent to"))
    nonce = models.CharField(max_length=32)
    token_hash = models.CharField(max_length=64, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+")
    requested_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("what was done"), blank=True)
    file = models.FileField(_("file"), upload_to=confirmation_path, max_length=200, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_size = models.PositiveIntegerField(_("size"), null=True, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("partner confirmation")
        verbose_name_plural = _("partner confirmations")
        ordering = ["requested_at", "pk"]

    def __str__(self) -> str:
        return f"{self.item} · {self.partnership.partner}"

    @property
    def state(self) -> str:
        if self.confirmed_at:
            return self.State.CONFIRMED
        if self.revoked_at:
            return self.State.REVOKED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.PENDING

    def get_state_display(self) -> str:
        return str(self.State(self.state).label)
