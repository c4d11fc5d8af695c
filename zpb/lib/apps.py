"""The project's own apps, in dependency order, and a helper to find their optional modules."""

from importlib import import_module
from types import ModuleType

LOCAL_APPS = ["zpb", "institutions", "partners", "audits", "certification", "reports"]


def app_modules(suffix: str) -> list[ModuleType]:
    """`<app>.<suffix>` for each local app that has one (e.g. "demo", "tests.access")."""
    modules = []
    for app in LOCAL_APPS:
        try:
            modules.append(import_module(f"{app}.{suffix}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.{suffix}":
                raise
    return modules
