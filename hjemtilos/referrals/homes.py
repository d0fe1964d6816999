"""The caseworker's home page (``core.homes``): where are my referrals."""

from __future__ import annotations

from typing import Any

from hjemtilos.accounts.models import User
from hjemtilos.referrals.selectors import caseworker_referrals, caseworker_updates

# The newest updates the home page shows; the rest are on the updates page.
HOME_UPDATES = 5


def caseworker_home(user: User) -> dict[str, Any]:
    return {
        "referrals": list(caseworker_referrals(user=user)[:20]),
        "updates": list(caseworker_updates(user=user)[:HOME_UPDATES]),
    }
