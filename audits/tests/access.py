"""The audits app's part of the access matrix, one module per area."""

from . import access_audits, access_editions, access_self_assessments

PARTS = [access_editions, access_self_assessments, access_audits]
CASES = [case for part in PARTS for case in part.CASES]


def extend_world(world) -> None:
    for part in PARTS:
        if hasattr(part, "extend_world"):
            part.extend_world(world)
