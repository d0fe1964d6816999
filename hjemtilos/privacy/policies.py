"""Who may read the audit log: administrators only (with their second factor)."""

from __future__ import annotations

from hjemtilos.accounts.models import User
from hjemtilos.accounts.policies import can_view_audit_log


def can_search_audit_log(user: User) -> bool:
    return can_view_audit_log(user)
