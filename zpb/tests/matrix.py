"""The access matrix's vocabulary. Each app lists its URLs in `<app>/tests/access.py::CASES`."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# officer_a: a prevention officer of the unit serving institution A's county; officer_b: of B's unit.
ROLES = ("anonymous", "coordinator_a", "coordinator_b", "auditor", "kwp", "officer_a", "officer_b")

# Shorthands for the common answers. 302 for anonymous means "sent to the login page".
LOGIN = 302


@dataclass(frozen=True)
class Case:
    """One URL name: how to build its arguments from the world, and the status each role gets."""

    name: str
    expect: dict[str, int]
    kwargs: Callable[[Any], dict] = field(default=lambda world: {})
    method: str = "get"
    data: Callable[[Any], dict] = field(default=lambda world: {})

    def __post_init__(self):
        missing = set(ROLES) - set(self.expect)
        assert not missing, f"{self.name}: no expectation for {sorted(missing)}"


def everyone(status: int) -> dict[str, int]:
    return {role: status for role in ROLES}


def only(allowed: dict[str, int], *, default: int = 403, anonymous: int = LOGIN) -> dict[str, int]:
    """Roles not named get `default`; anonymous users are sent to log in."""
    return {role: allowed.get(role, anonymous if role == "anonymous" else default) for role in ROLES}
