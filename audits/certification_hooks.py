"""What audits needs to know from certification, which depends on it (not the other way round).

certification registers its implementation in its AppConfig.ready(); without it, no
institution holds a certificate and every enrolment starts at stage I.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CertificateRecord:
    kind: str  # a Stage value
    granted_on: datetime.date
    valid_until: datetime.date
    revoked: bool


_history: Callable[[int], list[CertificateRecord]] = lambda institution_id: []  # noqa: E731
_decided: Callable[[int], bool] = lambda audit_id: False  # noqa: E731


def register_certificate_history(provider: Callable[[int], list[CertificateRecord]]) -> None:
    global _history
    _history = provider


def register_audit_decided(provider: Callable[[int], bool]) -> None:
    global _decided
    _decided = provider


def audit_is_decided(audit_id: int) -> bool:
    """True once the certification team's decision rests on this audit (it may not be reopened)."""
    return _decided(audit_id)


def certificate_history(institution_id: int) -> list[CertificateRecord]:
    """The institution's certificates, oldest first."""
    return _history(institution_id)
