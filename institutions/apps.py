from django.apps import AppConfig


class InstitutionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "institutions"

    def ready(self) -> None:
        from zpb.emails import register_context_builder

        from .services import invitation_context

        register_context_builder("invitation", invitation_context)
