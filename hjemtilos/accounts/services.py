"""Writes for accounts: inviting users, accepting invitations, TOTP devices."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from hjemtilos.accounts import policies
from hjemtilos.accounts.delivery import account_message_send
from hjemtilos.accounts.models import Invitation, Role, User
from hjemtilos.organisations.models import Municipality


@transaction.atomic
def user_invite(
    *,
    invited_by: User | None,
    email: str,
    first_name: str,
    last_name: str = "",
    role: Role,
    municipality: Municipality | None = None,
    phone: str = "",
    preferred_language: str = "da",
) -> tuple[User, str]:
    """Create an inactive-password user and an invitation; queue the e-mail.

    Returns the user and the one-time link. Re-inviting an existing user who
    never accepted revokes the old links and issues a new one. ``invited_by``
    is None only when the person applied themselves: the adults of a volunteer
    family invited by their own application on the public page.
    """
    if invited_by is None:
        if role != Role.VOLUNTEER:
            raise PermissionDenied
    elif role not in policies.invitable_roles(invited_by):
        raise PermissionDenied
    email = email.strip().lower()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(
            email=email,
            first_name=first_name,
            last_name=last_name,
            role=role,
            municipality=municipality,
            phone=phone,
            preferred_language=preferred_language,
        )
        user.set_unusable_password()
        user.full_clean()
        user.save()
    elif user.has_usable_password():
        raise ValidationError({"email": _("A user with this e-mail already has an account.")})
    Invitation.objects.filter(user=user).open().update(revoked_at=timezone.now())
    token, token_hash = Invitation.new_token()
    Invitation.objects.create(
        user=user,
        token_hash=token_hash,
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    link = settings.PUBLIC_BASE_URL + reverse("accounts:accept_invitation", args=[token])
    _queue_invitation_email(user=user, link=link)
    return user, link


def _queue_invitation_email(*, user: User, link: str) -> None:
    account_message_send(
        template="invitation",
        to_user=user,
        context={"first_name": user.first_name, "link": link},
    )


def invitation_get_usable(token: str) -> Invitation | None:
    """The open invitation for ``token``, or None if unknown, used or expired."""
    invitation = (
        Invitation.objects.select_related("user").filter(token_hash=Invitation.hash(token)).first()
    )
    if invitation is None or not invitation.is_usable():
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str) -> User:
    """Set the user's password and close the invitation (the caller validated it)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable():
        raise ValidationError(_("This invitation has expired or has already been used."))
    user = invitation.user
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


def totp_device_get_or_create_unconfirmed(*, user: User) -> TOTPDevice:
    """The device being set up; a fresh secret until one is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Hjem til Os", confirmed=False)
    return device


def totp_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm a device with a first valid code; False if the code is wrong."""
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True
