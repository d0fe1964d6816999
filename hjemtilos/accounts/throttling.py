"""Login throttling on django-axes: per account and address, and per address across accounts.

django-axes compares the worst count of its lockout parameters with one
limit. The two counts here deserve different limits: a person mistyping
their own password from home (``AXES_FAILURE_LIMIT`` for one account from
one address) and a script trying one password on many accounts from one
address, *password spraying* (``LOGIN_FAILURES_PER_ADDRESS`` failures from
the address, whatever the accounts). ``AccountsAxesHandler`` puts the
address's count on the account's scale, so one comparison applies both.
"""

from __future__ import annotations

import math
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest

from hjemtilos.accounts.models import login_identifier


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The account tried, as stored: ``A@x`` and ``a@x``, or ``22 33 44 55`` and
    ``+4522334455``, count as one account."""
    raw = (credentials or {}).get("username") or request.POST.get("username")
    return login_identifier(str(raw)) if raw else None


class AccountsAxesHandler(AxesDatabaseHandler):
    """Axes' database handler with a separate, higher limit for one address across accounts.

    ``AXES_LOCKOUT_PARAMETERS`` is ``[["username", "ip_address"], "ip_address"]``:
    the first count is the account from this address, the second the address.
    """

    def _sum(self, attempts: Any) -> int:
        return int(attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0)

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        account_here, address = self.get_user_attempts(request, credentials)
        per_account = self._sum(account_here)
        # N failures from the address weigh N × limit / per-address limit, so the
        # address is locked when it reaches its own limit.
        scaled = math.floor(
            self._sum(address) * settings.AXES_FAILURE_LIMIT / settings.LOGIN_FAILURES_PER_ADDRESS
        )
        return max(per_account, scaled)

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        """A successful sign-in forgives its own account's failures only.

        Axes would also clear the whole address's, which would let a sprayer
        with one valid account of their own wipe the count by signing in.
        """
        account_here = self.filter_user_attempts(request, credentials)[0]
        deleted, _types = account_here.delete()
        return int(deleted)
