"""Who may see and do what, decided in one place per app.

Every view and API operation asks a function here (or in the owning app's
``policies.py``, built from these predicates). Templates may hide a button
with the same function, but the server always decides.
"""

from __future__ import annotations

from hjemtilos.accounts.models import Role, User
from hjemtilos.organisations.models import SiteMembership


def _role(user: User) -> str | None:
    # A deactivated account loses every right at once, even in a session
    # (or behind an API token) that is still open.
    if not user.is_active:
        return None
    return str(user.role)


def second_factor_satisfied(user: User) -> bool:
    """True unless the user's role requires TOTP and this session has not verified it.

    django-otp's middleware gives every request's user an ``is_verified``
    method. A user loaded outside a browser session (a service called from a
    command, or the owner of an API token, which can only be created from a
    verified session) has none and is not asked again.
    """
    if not user.needs_second_factor:
        return True
    is_verified = getattr(user, "is_verified", None)
    return is_verified is None or bool(is_verified())


def has_role(user: User, *roles: Role) -> bool:
    """The user holds one of ``roles`` and, where required, has passed 2FA."""
    role = _role(user)
    return role is not None and role in roles and second_factor_satisfied(user)


def is_programme_staff(user: User) -> bool:
    return has_role(user, Role.STAFF)


def is_administrator(user: User) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def can_view_personal_data(user: User) -> bool:
    """Staff-side roles that see children's and families' records at all."""
    return has_role(user, Role.STAFF, Role.ADVISORY, Role.ADMINISTRATOR)


def can_view_audit_log(user: User) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def can_view_message_outbox(user: User) -> bool:
    return has_role(user, Role.STAFF, Role.ADMINISTRATOR)


def can_manage_sites(user: User) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def can_manage_users(user: User) -> bool:
    """Administrators manage accounts, through the audited services only."""
    return has_role(user, Role.ADMINISTRATOR)


def can_manage_own_account(user: User) -> bool:
    """Every signed-in person changes their own password (and second factor)."""
    return _role(user) is not None and second_factor_satisfied(user)


def has_backup_codes(user: User) -> bool:
    """Backup codes belong to the roles that sign in with an authenticator app."""
    return can_manage_own_account(user) and user.needs_second_factor


def lead_site_ids(user: User) -> set[int]:
    """The sites ``user`` leads (*projektleder*); empty for anyone but staff."""
    if not has_role(user, Role.STAFF):
        return set()
    return set(
        SiteMembership.objects.filter(user=user, is_lead=True).values_list("site_id", flat=True)
    )


def can_follow_invitations(user: User) -> bool:
    """A site lead sees who of the site's families has not accepted an invitation."""
    return bool(lead_site_ids(user))


def invitable_roles(user: User) -> list[Role]:
    """Roles this user may invite: staff invite the outside world, administrators anyone."""
    if has_role(user, Role.ADMINISTRATOR):
        return list(Role)
    if has_role(user, Role.STAFF):
        return [Role.CASEWORKER, Role.VOLUNTEER, Role.PARENT]
    return []


def can_invite(user: User) -> bool:
    return bool(invitable_roles(user))


def can_manage_api_tokens(user: User) -> bool:
    """Any signed-in, fully verified user may hold tokens for their own integrations."""
    return _role(user) is not None and second_factor_satisfied(user)
