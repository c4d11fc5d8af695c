"""The test world: institution A and B, each with a coordinator, plus a police auditor and KWP staff.

Each app may add its own objects to the world in `<app>/tests/access.py::extend_world(world)`,
so that the access matrix can try its object URLs with A's ids on every role.
"""

from dataclasses import dataclass, field
from typing import Any

from institutions.models import Institution, User
from institutions.tests.factories import AuditorFactory, InstitutionFactory, KwpStaffFactory, UserFactory, county
from zpb.local_apps import app_modules

PASSWORD = "haslo-testowe-123"


@dataclass
class World:
    kwp: User
    auditor: User
    coordinator_a: User
    coordinator_b: User
    institution_a: Institution
    institution_b: Institution
    extra: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["extra"][name]
        except KeyError:
            raise AttributeError(name) from None

    def user(self, role: str) -> User | None:
        return None if role == "anonymous" else getattr(self, role)


def access_modules() -> list:
    return app_modules("tests.access")


def build_world() -> World:
    coordinator_a = UserFactory(username="koordynator_a", first_name="Anna", last_name="Nowak")
    coordinator_b = UserFactory(username="koordynator_b", first_name="Bartosz", last_name="Kowalski")
    world = World(
        kwp=KwpStaffFactory(username="kwp", first_name="Katarzyna", last_name="Wiśniewska"),
        auditor=AuditorFactory(username="audytor", first_name="Adam", last_name="Zieliński"),
        coordinator_a=coordinator_a,
        coordinator_b=coordinator_b,
        institution_a=InstitutionFactory(name="Szkoła Podstawowa nr 1 w Bochni", town="Bochnia",
                                         county=county("1201"), coordinators=[coordinator_a]),
        institution_b=InstitutionFactory(name="Liceum Ogólnokształcące nr 2 w Tarnowie", town="Tarnów",
                                          county=county("1263"), coordinators=[coordinator_b]),
    )
    for module in access_modules():
        extend = getattr(module, "extend_world", None)
        if extend:
            extend(world)
    return world
