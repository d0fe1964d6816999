"""The caseworker's home page (``core.homes``): where are my referrals."""

from __future__ import annotations

from typing import Any

from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.privacy.audit import audit_read
from hjemtilos.referrals.selectors import caseworker_referrals


def caseworker_home(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    referrals = list(caseworker_referrals(user=request.user)[:20])
    audit_read(request, referrals)
    return {"referrals": referrals}
