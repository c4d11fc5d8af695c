"""Validators for Polish identifiers; domain-free, so any app may use them."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

REGON_WEIGHTS = {
    9: (8, 9, 2, 3, 4, 5, 6, 7),
    14: (2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8),
}
POSTAL_CODE_RE = re.compile(r"^\d{2}-\d{3}$")


def regon_is_valid(value: str) -> bool:
    """REGON: 9 digits (or 14 for a local unit); the last is a weighted checksum mod 11 (10 → 0)."""
    if not value.isdigit() or len(value) not in REGON_WEIGHTS:
        return False
    digits = [int(c) for c in value]
    checksum = sum(d * w for d, w in zip(digits, REGON_WEIGHTS[len(value)], strict=False)) % 11
    return checksum % 10 == digits[-1]


def validate_regon(value: str) -> None:
    if not regon_is_valid(value):
        raise ValidationError(
            _("Enter a valid REGON: 9 or 14 digits with a correct check digit."), code="invalid_regon"
        )


def validate_postal_code(value: str) -> None:
    if not POSTAL_CODE_RE.match(value):
        raise ValidationError(_("Enter the postal code as NN-NNN, e.g. 30-001."), code="invalid_postal_code")


def validate_rspo(value: str) -> None:
    if not value.isdigit() or len(value) > 10:
        raise ValidationError(_("The RSPO number consists of digits only."), code="invalid_rspo")
