from django.apps import AppConfig


class PartnersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partners"

    def ready(self) -> None:
        from . import receivers  # noqa: F401 - the partners section of the institution page
