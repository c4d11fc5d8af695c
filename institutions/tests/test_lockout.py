"""Login lockout: per account and address (5 wrong passwords), and per address across accounts
(AXES_ADDRESS_FAILURE_LIMIT), so guessing over many accounts from one address is stopped too."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from institutions.tests.factories import UserFactory
from zpb.tests.world import PASSWORD


@pytest.fixture
def accounts(db, settings):
    settings.AXES_ENABLED = True
    return [UserFactory(username=f"konto{i}", password=PASSWORD) for i in range(5)]


def attempt(client, username, password="zle-haslo", address="203.0.113.7", **headers):
    return client.post(reverse("login"), {"username": username, "password": password},
                       REMOTE_ADDR=address, **headers)


def is_locked(response) -> bool:
    return response.status_code == 429


def test_sixteen_wrong_passwords_over_four_accounts_from_one_address_lock_that_address(client, accounts):
    answers = [attempt(client, account.username) for account in accounts[:4] for _ in range(4)]
    assert not any(is_locked(answer) for answer in answers[:14])
    assert is_locked(answers[-1])
    # A fifth account, even with its right password, is refused from that address for the cool-off time...
    assert is_locked(attempt(client, accounts[4].username, PASSWORD))
    # ...but not from another address.
    assert attempt(client, accounts[4].username, PASSWORD, address="198.51.100.9").status_code == 302


def test_five_wrong_passwords_for_one_account_still_lock_it(client, accounts):
    answers = [attempt(client, "konto0") for _ in range(5)]
    assert not any(is_locked(answer) for answer in answers[:4]) and is_locked(answers[4])


def test_a_successful_login_does_not_clear_the_address_count(client, accounts):
    for account in accounts[:3]:
        for _ in range(4):
            attempt(client, account.username)
    assert attempt(client, accounts[4].username, PASSWORD).status_code == 302  # the attacker's own account
    client.logout()
    assert is_locked(attempt(client, accounts[3].username)) is False  # 13th failure
    attempt(client, accounts[3].username)
    assert is_locked(attempt(client, accounts[3].username))  # 15th failure from the address


def test_behind_a_proxy_the_client_address_counts_not_the_forged_one(client, accounts, settings):
    settings.PROXY_COUNT = 1
    answers = [
        attempt(client, account.username, address="10.0.0.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.7")
        for n, account in enumerate(accounts[:4] * 4)
    ]
    assert is_locked(answers[-1])
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}
    ok = attempt(client, accounts[4].username, PASSWORD, address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert ok.status_code == 302
