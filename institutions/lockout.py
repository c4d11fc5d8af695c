"""Login lockout (django-axes), per account and address and per address across accounts.

Axes counts failures for each group of AXES_LOCKOUT_PARAMETERS and compares the largest with one limit.
We want two limits: AXES_FAILURE_LIMIT wrong passwords for one account from one address, and the higher
AXES_ADDRESS_FAILURE_LIMIT from one address over any accounts (a school's pupils share one address, so
the per-address limit must leave room for honest typos). The groups are, in this order:
[["username", "ip_address"], ["ip_address"]].
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        per_account, per_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        # At the address limit the address is locked whatever the account: report its count, which is
        # at least the per-account limit. Below it only the account's own count decides.
        return per_address if per_address >= settings.AXES_ADDRESS_FAILURE_LIMIT else per_account

    def reset_user_attempts(self, request, credentials=None) -> int:
        # A successful login clears that account's failures only; the address keeps its count, so an attacker
        # cannot wipe it by logging into an account of their own between guesses.
        per_account = self.filter_user_attempts(request, credentials)[0]
        count, _ = per_account.delete()
        return count
