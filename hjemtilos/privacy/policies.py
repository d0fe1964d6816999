"""Who may read the audit log: administrators only (with their second factor)."""

from __future__ import annotations

from typing import Any

from hjemtilos.accounts.policies import can_view_audit_log


def can_search_audit_log(user: Any) -> bool:
    return can_view_audit_log(user)
