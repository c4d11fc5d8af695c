from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The ground floor every app may import: helpers (core.lib), the e-mail outbox, the signals and
    sections through which lower apps fill upper pages. It imports no app of the project."""

    name = "core"
    verbose_name = "ZPB"

    def ready(self) -> None:
        from . import audit  # the security log's receivers (logins, failed logins, lockouts)

        audit.connect()
