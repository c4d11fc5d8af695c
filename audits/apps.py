from django.apps import AppConfig


class AuditsConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'audits'

    def ready(self) -> None:
        from core.emails import register_context_builder

        from . import (
            receivers_audits,  # noqa: F401
            receivers_editions,  # noqa: F401
            receivers_self_assessments,  # noqa: F401
        )
        from .services.confirmations import EMAIL_TEMPLATE, confirmation_email_context

        # The partner's link is made when the e-mail is rendered, so the outbox never stores it.
        register_context_builder(EMAIL_TEMPLATE, confirmation_email_context)
