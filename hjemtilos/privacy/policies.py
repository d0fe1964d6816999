"""Who may read the audit log and the retention schedule, and see held-back records."""

from __future__ import annotations

from hjemtilos.accounts.models import Role, User
from hjemtilos.accounts.policies import can_view_audit_log, has_role


def can_search_audit_log(user: User) -> bool:
    return can_view_audit_log(user)


def can_read_retention_schedule(user: User) -> bool:
    """The schedule and the record of processing hold no personal data: administrators run them."""
    return has_role(user, Role.ADMINISTRATOR)


def can_change_retention_schedule(user: User) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def can_see_held_records(user: User) -> bool:
    """Staff (their sites) and the advisory team (every site) see what anonymisation holds back."""
    return has_role(user, Role.STAFF, Role.ADVISORY)
