from django.apps import AppConfig


class SurveysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "surveys"

    def ready(self) -> None:
        from . import receivers  # noqa: F401 - the menu entry and the sections of the enrolment and audit pages
