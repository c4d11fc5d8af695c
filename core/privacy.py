"""The RODO (GDPR) art. 13 notice's facts, from KWP's settings: controller, DPO, retention periods."""

from django.conf import settings


def privacy_notice() -> dict:
    return {
        "controller": settings.PRIVACY_CONTROLLER,
        "controller_address": settings.PRIVACY_CONTROLLER_ADDRESS,
        "controller_email": settings.PRIVACY_CONTROLLER_EMAIL,
        "dpo_email": settings.PRIVACY_DPO_EMAIL,
        "dpo_address": settings.PRIVACY_DPO_ADDRESS or settings.PRIVACY_CONTROLLER_ADDRESS,
        "unconfirmed_days": settings.RETENTION_UNCONFIRMED_APPLICATION_DAYS,
        "rejected_days": settings.RETENTION_REJECTED_APPLICATION_DAYS,
        "invitation_days": settings.RETENTION_UNUSED_INVITATION_DAYS,
    }
