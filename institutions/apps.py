from django.apps import AppConfig


class InstitutionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "institutions"

    def ready(self) -> None:
        from core.emails import register_context_builder

        from . import receivers  # noqa: F401 - menu entry and public link
        from .services.applications import application_confirm_context
        from .services.invitations import invitation_context
        from .services.users import email_change_context, password_reset_context

        # Tokens are made when the e-mail is rendered, so the outbox never stores them.
        register_context_builder("invitation", invitation_context)
        register_context_builder("email-change", email_change_context)
        register_context_builder("application-confirm", application_confirm_context)
        register_context_builder("password-reset", password_reset_context)
