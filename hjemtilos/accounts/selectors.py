"""Reads for accounts."""

from __future__ import annotations

import base64
from collections.abc import Iterable
from enum import StrEnum

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import F, Q, QuerySet

from hjemtilos.accounts import policies
from hjemtilos.accounts.models import (
    AccountEvent,
    AuthenticatorDevice,
    Invitation,
    Role,
    RoleChangeRequest,
    User,
)
from hjemtilos.core.access import fetch_or_refuse


def confirmed_authenticator(user: User) -> AuthenticatorDevice | None:
    return AuthenticatorDevice.objects.filter(user=user, confirmed=True).first()


def authenticator_secret_base32(device: AuthenticatorDevice) -> str:
    """The secret of a device *being set up*, as typed into an authenticator app by hand.

    Only the two-factor setup page shows it, to the device's owner, before the
    device is confirmed; a confirmed device's secret is never read out.
    """
    if device.confirmed:
        raise ValueError("A confirmed authenticator's secret is never shown.")
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def invitations_sent_by(user: User, limit: int = 50) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(invited_by=user)
        .select_related("user")
        .order_by("-created_at")[:limit]
    )


# Administrators' pages ----------------------------------------------------------------


def users_for_administration(
    *, query: str = "", role: str = "", active: str = ""
) -> QuerySet[User]:
    """Every account, searched by name, e-mail or phone and filtered by role and state."""
    users = User.objects.order_by("first_name", "last_name", "pk")
    for word in query.split():
        users = users.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(phone__icontains=word)
        )
    if role in Role.values:
        users = users.filter(role=role)
    if active in {"yes", "no"}:
        users = users.filter(is_active=active == "yes")
    return users


def user_for_administration_or_404(*, user: User, pk: int) -> User:
    """An account an administrator manages; everyone else is refused the page."""
    return fetch_or_refuse(User.objects.all(), user=user, pk=pk, page=policies.can_manage_users)


def role_request_for_deciding_or_404(*, user: User, pk: int) -> RoleChangeRequest:
    return fetch_or_refuse(
        RoleChangeRequest.objects.select_related("user", "requested_by"),
        user=user,
        pk=pk,
        page=policies.can_manage_users,
    )


def account_events(user: User, limit: int = 50) -> QuerySet[AccountEvent]:
    return (
        AccountEvent.objects.filter(user=user).select_related("by").order_by("-at", "-id")[:limit]
    )


def open_role_requests() -> QuerySet[RoleChangeRequest]:
    return RoleChangeRequest.objects.open().select_related("user", "requested_by")


# Invitations into the portal ----------------------------------------------------------


class PortalAccess(StrEnum):
    """Where a family member or a parent stands with the portal."""

    NONE = "none"  # never invited
    INVITED = "invited"  # invited, has not chosen a password
    ACTIVE = "active"  # has a password and can sign in
    DEACTIVATED = "deactivated"


def portal_access(user: User | None) -> PortalAccess:
    """``user``'s standing with the portal, read from the account alone (no query)."""
    if user is None:
        return PortalAccess.NONE
    if not user.is_active:
        return PortalAccess.DEACTIVATED
    if user.has_usable_password():
        return PortalAccess.ACTIVE
    return PortalAccess.INVITED


def unaccepted_invitations(site_ids: Iterable[int]) -> QuerySet[Invitation]:
    """The latest invitation of each person invited at ``site_ids`` who has not signed up.

    For the site lead: open and expired invitations both, the oldest first.
    """
    return (
        Invitation.objects.filter(
            site_id__in=list(site_ids),
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            user__is_active=True,
            # Without a usable password the person has not signed up in any way.
            user__password__startswith=UNUSABLE_PASSWORD_PREFIX,
        )
        # A later invitation of the same person replaces this one.
        .exclude(user__invitations__created_at__gt=F("created_at"))
        .select_related("user", "invited_by", "site")
        .order_by("created_at", "pk")
    )


def invitation_for_reinviting_or_404(*, user: User, pk: int) -> Invitation:
    """An invitation of one of the sites the lead leads; others do not learn it exists."""
    return fetch_or_refuse(
        Invitation.objects.select_related("user", "site"),
        user=user,
        pk=pk,
        page=policies.can_follow_invitations,
        visible=lambda viewer, invitation: invitation.site_id in policies.lead_site_ids(viewer),
    )
