from django.apps import AppConfig


class AuditsConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'audits'

    def ready(self) -> None:
        from . import (
            receivers_audits,  # noqa: F401
            receivers_editions,  # noqa: F401
            receivers_self_assessments,  # noqa: F401
        )
