"""Who may read the audit log (administrators only, with their second factor), and who
handles the data subjects' requests and consents (staff of the person's site)."""

from __future__ import annotations

from hjemtilos.accounts.models import Role, User
from hjemtilos.accounts.policies import can_view_audit_log, has_role
from hjemtilos.organisations.selectors import site_ids_for_staff


def can_search_audit_log(user: User) -> bool:
    return can_view_audit_log(user)


def can_handle_rights(user: User) -> bool:
    """Staff record and answer the data subjects' requests and consents of their sites."""
    return has_role(user, Role.STAFF)


def can_handle_rights_of(user: User, site_id: int) -> bool:
    return can_handle_rights(user) and site_id in site_ids_for_staff(user)


def can_view_own_consents(user: User) -> bool:
    """A parent or a volunteer sees (and may withdraw) their own consents in the portal."""
    return has_role(user, Role.PARENT) or has_role(user, Role.VOLUNTEER)
