from django.apps import AppConfig


class ZpbConfig(AppConfig):
    name = "zpb"
    verbose_name = "ZPB"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the deployment checks
