"""The caseworker's home page (``core.homes``): where are my referrals."""

from __future__ import annotations

from typing import Any

from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.privacy.audit import audit_read
from hjemtilos.referrals.selectors import caseworker_referrals, caseworker_updates

# The newest updates the home page shows; the rest are on the updates page.
HOME_UPDATES = 5


def caseworker_home(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    referrals = list(caseworker_referrals(user=request.user)[:20])
    updates = list(caseworker_updates(user=request.user)[:HOME_UPDATES])
    audit_read(request, referrals, [update.referral for update in updates])
    return {"referrals": referrals, "updates": updates}
