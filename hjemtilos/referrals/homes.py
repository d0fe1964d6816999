"""The caseworker's home page (``core.homes``): where are my referrals."""

from __future__ import annotations

from typing import Any

from hjemtilos.accounts.models import User
from hjemtilos.referrals.selectors import caseworker_referrals


def caseworker_home(user: User) -> dict[str, Any]:
    return {"referrals": list(caseworker_referrals(user=user)[:20])}
