"""The accounts' own audit trail: one row per thing done to an account."""

from __future__ import annotations

from typing import Any

from hjemtilos.accounts.models import AccountAction, AccountEvent, User


def account_event_record(
    *,
    user: User,
    action: AccountAction,
    by: User | None,
    reason: str = "",
    details: dict[str, Any] | None = None,
) -> AccountEvent:
    """Record ``action`` on ``user``'s account; call inside the change's transaction."""
    event = AccountEvent(
        user=user, action=action, by=by, reason=reason.strip(), details=details or {}
    )
    event.full_clean()
    event.save()
    return event
