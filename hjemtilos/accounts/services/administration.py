"""What an administrator does to other people's accounts, each with a recorded reason.

These services are the only way to change an account's access: the Django
admin shows accounts read-only (docs/decisions/0008-administrators-and-the-django-admin.md).
No service here sets another person's password or reveals a secret.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts import policies
from hjemtilos.accounts.models import (
    SECOND_FACTOR_ROLES,
    AccountAction,
    Invitation,
    Role,
    RoleChangeRequest,
    User,
)
from hjemtilos.accounts.services.events import account_event_record
from hjemtilos.accounts.services.second_factor import sessions_end
from hjemtilos.organisations.models import Municipality


def _check(by: User, reason: str) -> None:
    if not policies.can_manage_users(by):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Write the reason: it is kept with the account.")})


def _locked(user: User) -> User:
    return User.objects.select_for_update().get(pk=user.pk)


@transaction.atomic
def user_deactivate(*, user: User, by: User, reason: str) -> User:
    """Close ``user``'s account: every session and API key stops working at once."""
    _check(by, reason)
    if user.pk == by.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    user = _locked(user)
    if not user.is_active:
        raise ValidationError(_("The account is already deactivated."))
    user.is_active = False
    user.full_clean()
    user.save(update_fields=["is_active"])
    Invitation.objects.filter(user=user).open().update(revoked_at=timezone.now())
    sessions_end(user)
    account_event_record(user=user, action=AccountAction.DEACTIVATED, by=by, reason=reason)
    return user


@transaction.atomic
def user_reactivate(*, user: User, by: User, reason: str) -> User:
    """Open a deactivated account again (the person signs in with their old password)."""
    _check(by, reason)
    user = _locked(user)
    if user.is_active:
        raise ValidationError(_("The account is already active."))
    user.is_active = True
    user.full_clean()
    user.save(update_fields=["is_active"])
    account_event_record(user=user, action=AccountAction.REACTIVATED, by=by, reason=reason)
    return user


def _validated_role_change(
    user: User, by: User, to_role: Role, municipality: Municipality | None, reason: str
) -> None:
    _check(by, reason)
    if user.pk == by.pk:
        raise ValidationError(
            {"to_role": _("You cannot change your own role; ask another administrator.")}
        )
    if to_role == user.role:
        raise ValidationError({"to_role": _("The person already has this role.")})
    if to_role == Role.CASEWORKER and municipality is None:
        raise ValidationError({"municipality": _("Choose the caseworker's municipality.")})
    if to_role in SECOND_FACTOR_ROLES and not user.email:
        raise ValidationError(
            {"to_role": _("This role signs in with an e-mail address, which the person lacks.")}
        )


def _apply_role(user: User, to_role: Role | str, municipality: Municipality | None) -> None:
    user.role = to_role
    user.municipality = municipality if to_role == Role.CASEWORKER else None
    # Django's admin flags follow the role: only administrators reach the admin site.
    user.is_staff = user.is_superuser = to_role == Role.ADMINISTRATOR
    user.full_clean()
    user.save(update_fields=["role", "municipality", "is_staff", "is_superuser"])
    # A new role means new rules (a second factor, other pages): start afresh.
    sessions_end(user)


@transaction.atomic
def user_role_change(
    *,
    user: User,
    by: User,
    to_role: Role,
    reason: str,
    municipality: Municipality | None = None,
) -> RoleChangeRequest | None:
    """Change ``user``'s role, never one's own.

    A change *to* administrator is not made here: it becomes a request that a
    second administrator confirms (``role_change_confirm``), returned. Any
    other change takes effect at once (returns None).
    """
    user = _locked(user)
    _validated_role_change(user, by, to_role, municipality, reason)
    if to_role == Role.ADMINISTRATOR:
        if RoleChangeRequest.objects.filter(user=user).open().exists():
            raise ValidationError(
                {"to_role": _("A request for this person already waits for confirmation.")}
            )
        request = RoleChangeRequest(
            user=user, from_role=user.role, to_role=to_role, reason=reason, requested_by=by
        )
        request.full_clean()
        request.save()
        account_event_record(
            user=user,
            action=AccountAction.ROLE_CHANGE_REQUESTED,
            by=by,
            reason=reason,
            details={"from": user.role, "to": to_role},
        )
        return request
    from_role = user.role
    _apply_role(user, to_role, municipality)
    account_event_record(
        user=user,
        action=AccountAction.ROLE_CHANGED,
        by=by,
        reason=reason,
        details={"from": from_role, "to": to_role},
    )
    return None


def _open_request(request: RoleChangeRequest) -> RoleChangeRequest:
    request = (
        RoleChangeRequest.objects.select_for_update().select_related("user").get(pk=request.pk)
    )
    if not request.is_open():
        raise ValidationError(_("The request has already been decided or has expired."))
    return request


@transaction.atomic
def role_change_confirm(*, request: RoleChangeRequest, by: User) -> User:
    """A second administrator confirms a change to administrator, which then takes effect."""
    if not policies.can_manage_users(by):
        raise PermissionDenied
    request = _open_request(request)
    if by.pk in {request.requested_by_id, request.user_id}:
        raise ValidationError(
            _("Another administrator than the one who asked (and than the person) must confirm.")
        )
    user = _locked(request.user)
    if user.role != request.from_role:
        raise ValidationError(_("The person's role has changed since the request was made."))
    request.decided_by = by
    request.confirmed_at = timezone.now()
    request.save(update_fields=["decided_by", "confirmed_at"])
    _apply_role(user, request.to_role, None)
    account_event_record(
        user=user,
        action=AccountAction.ROLE_CHANGED,
        by=by,
        reason=request.reason,
        details={
            "from": request.from_role,
            "to": request.to_role,
            "requested_by": request.requested_by_id,
        },
    )
    return user


@transaction.atomic
def role_change_refuse(*, request: RoleChangeRequest, by: User, reason: str) -> RoleChangeRequest:
    """An administrator refuses (or the one who asked withdraws) a change to administrator."""
    _check(by, reason)
    request = _open_request(request)
    request.decided_by = by
    request.refused_at = timezone.now()
    request.save(update_fields=["decided_by", "refused_at"])
    account_event_record(
        user=request.user,
        action=AccountAction.ROLE_CHANGE_REFUSED,
        by=by,
        reason=reason,
        details={"from": request.from_role, "to": request.to_role},
    )
    return request
