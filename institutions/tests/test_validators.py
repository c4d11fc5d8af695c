"""The identifiers the institution forms and the RSPO import rely on (core.lib.validators)."""

import pytest
from django.core.exceptions import ValidationError

from core.lib.validators import regon_is_valid, validate_postal_code, validate_regon, validate_rspo


@pytest.mark.parametrize("regon", ["123456785", "100000050", "000014261", "12345678512347"])
def test_valid_regons(regon):
    assert regon_is_valid(regon)


@pytest.mark.parametrize(
    "regon",
    [
        "123456786",  # wrong check digit
        "100000051",  # checksum 10 must give the check digit 0
        "12345678512348",  # 14 digits, wrong check digit
        "12345678",  # too short
        "1234567850",  # 10 digits
        "1234567851234",  # 13 digits
        "12345678a",
        "123 456 785",
        "",
    ],
)
def test_invalid_regons(regon):
    assert not regon_is_valid(regon)


def test_an_invalid_regon_is_explained_in_polish():
    with pytest.raises(ValidationError) as error:
        validate_regon("123456786")
    assert error.value.messages == ["Podaj poprawny REGON: 9 lub 14 cyfr z prawidłową cyfrą kontrolną."]


@pytest.mark.parametrize("code", ["30-001", "32-700", "00-950"])
def test_valid_postal_codes(code):
    validate_postal_code(code)


@pytest.mark.parametrize("code", ["30001", "3-0001", "30-0011", " 30-001", "30 001", "ab-cde", ""])
def test_invalid_postal_codes(code):
    with pytest.raises(ValidationError) as error:
        validate_postal_code(code)
    assert error.value.messages == ["Podaj kod pocztowy w formacie NN-NNN, np. 30-001."]


@pytest.mark.parametrize("number, valid", [("12345", True), ("1234567890", True), ("12345678901", False),
                                           ("12a45", False), ("", False)])
def test_rspo_numbers_are_digits(number, valid):
    if valid:
        validate_rspo(number)
    else:
        with pytest.raises(ValidationError):
            validate_rspo(number)
