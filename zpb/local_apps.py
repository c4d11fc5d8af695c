"""A helper to find the project's apps' optional modules (`demo`, `tests.access`), in dependency order."""

from importlib import import_module
from types import ModuleType

from django.conf import settings


def app_modules(suffix: str) -> list[ModuleType]:
    """`<app>.<suffix>` for each of settings.LOCAL_APPS that has one (e.g. "demo", "tests.access")."""
    modules = []
    for app in settings.LOCAL_APPS:
        try:
            modules.append(import_module(f"{app}.{suffix}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.{suffix}":
                raise
    return modules


LOCAL_APPS: list[str] = settings.LOCAL_APPS
