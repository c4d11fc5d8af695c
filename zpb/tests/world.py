"""The test world: institution A and B, each with a coordinator, plus a police auditor and KWP staff,
and a prevention officer of each institution's police unit (officer_a serves A's county, officer_b B's).

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
    officer_a: User
    officer_b: User
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
    bochnia, tarnow = county("1201"), county("1263")
    world = World(
        kwp=KwpStaffFactory(username="kwp", first_name="Katarzyna", last_name="Wiśniewska"),
        auditor=AuditorFactory(username="audytor", first_name="Adam", last_name="Zieliński"),
        coordinator_a=coordinator_a,
        coordinator_b=coordinator_b,
        institution_a=InstitutionFactory(name="Szkoła Podstawowa nr 1 w Bochni", town="Bochnia",
                                         county=bochnia, coordinators=[coordinator_a]),
        institution_b=InstitutionFactory(name="Liceum Ogólnokształcące nr 2 w Tarnowie", town="Tarnów",
                                          county=tarnow, coordinators=[coordinator_b]),
        officer_a=AuditorFactory(username="funkcjonariusz_a", first_name="Piotr", last_name="Mazur",
                                 police_unit=bochnia.police_unit, is_unit_officer=True),
        officer_b=AuditorFactory(username="funkcjonariusz_b", first_name="Tomasz", last_name="Wójcik",
                                 police_unit=tarnow.police_unit, is_unit_officer=True),
    )
    for module in access_modules():
        extend = getattr(module, "extend_world", None)
        if extend:
            extend(world)
    return world
