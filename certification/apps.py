from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "certification"
    verbose_name = _("Certification")

    def ready(self) -> None:
        from audits.certification_hooks import register_audit_decided, register_certificate_history

        from . import public_cache, receivers, waiting  # noqa: F401 - receivers: page sections, menu entries
        from .commission import audit_has_recommendation
        from .models import Decision
        from .services import certificate_history

        register_certificate_history(certificate_history)
        public_cache.connect()
        waiting.connect()
        # A proposal of the commission rests on the audit too: withdraw it before reopening the audit.
        register_audit_decided(
            lambda audit_id: Decision.objects.filter(audit_id=audit_id).exists() or audit_has_recommendation(audit_id)
        )
