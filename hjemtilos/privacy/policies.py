"""Who may read the audit log and the retention schedule, see held-back records, and
handle the data subjects' requests and consents (staff of the person's site)."""

from __future__ import annotations

from hjemtilos.accounts.models import Role, User
from hjemtilos.accounts.policies import can_view_audit_log, has_role
from hjemtilos.organisations.selectors import site_ids_for_staff


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


def can_handle_rights(user: User) -> bool:
    """Staff record and answer the data subjects' requests and consents of their sites."""
    return has_role(user, Role.STAFF)


def can_handle_rights_of(user: User, site_id: int) -> bool:
    return can_handle_rights(user) and site_id in site_ids_for_staff(user)


def can_view_own_consents(user: User) -> bool:
    """A parent or a volunteer sees (and may withdraw) their own consents in the portal."""
    return has_role(user, Role.PARENT) or has_role(user, Role.VOLUNTEER)
