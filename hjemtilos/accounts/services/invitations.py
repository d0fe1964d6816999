"""Invitations: a link by e-mail (or SMS, for a person with only a phone) to choose a password."""

from __future__ import annotations

from datetime import timedelta
from typing import Protocol

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts import policies
from hjemtilos.accounts.delivery import account_channel, account_message_send
from hjemtilos.accounts.models import (
    PHONE_ONLY_ROLES,
    AccountAction,
    Invitation,
    Role,
    User,
)
from hjemtilos.accounts.services.events import account_event_record
from hjemtilos.core.links import public_url
from hjemtilos.core.phones import normalise_phone_number
from hjemtilos.organisations.models import Municipality, Site, SiteMembership


def _check_inviter(invited_by: User | None, role: Role | str, reason: str) -> None:
    if invited_by is None:
        # Only a person who applied themselves: the adults of a volunteer family
        # invited by their own application on the public page.
        if role != Role.VOLUNTEER:
            raise PermissionDenied
        return
    if role not in policies.invitable_roles(invited_by):
        raise PermissionDenied
    if policies.is_administrator(invited_by) and not reason.strip():
        raise ValidationError({"reason": _("Write why the person gets an account.")})


def _normalised_phone(phone: str) -> str:
    if not phone.strip():
        return ""
    try:
        return normalise_phone_number(phone)
    except ValidationError as error:
        raise ValidationError({"phone": error.messages}) from error


def _contact(email: str | None, phone: str, role: Role | str) -> tuple[str | None, str]:
    """The e-mail (or None) and normalised phone of a new or re-invited person."""
    address = (email or "").strip().lower() or None
    number = _normalised_phone(phone)
    if address is None:
        if not number:
            raise ValidationError(
                {"email": _("Give an e-mail address or a mobile number for the invitation.")}
            )
        if role not in PHONE_ONLY_ROLES:
            raise ValidationError(
                {"email": _("This role signs in with an e-mail address: give one.")}
            )
    return address, number


def _existing(address: str | None, number: str) -> User | None:
    if address is not None:
        return User.objects.filter(email=address).first()
    return User.objects.filter(phone=number, email__isnull=True).first()


@transaction.atomic
def user_invite(
    *,
    invited_by: User | None,
    first_name: str,
    role: Role,
    email: str | None = "",
    phone: str = "",
    last_name: str = "",
    municipality: Municipality | None = None,
    preferred_language: str = "da",
    site: Site | None = None,
    reason: str = "",
) -> tuple[User, str]:
    """Create a user without a password and send an invitation; return it and the link.

    The invitation goes by e-mail, or by SMS to a volunteer or parent who has
    only a mobile number. Inviting again a person who never accepted revokes
    the old links and sends a new one. ``site`` is where the inviter works
    with the person (a staff member's site gets a membership; a family's or a
    child's site lets its lead follow unaccepted invitations). An
    administrator gives a ``reason``, kept with the account's events.
    """
    _check_inviter(invited_by, role, reason)
    address, number = _contact(email, phone, role)
    user = _existing(address, number)
    again = user is not None
    if user is None:
        user = User(
            email=address,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            role=role,
            municipality=municipality if role == Role.CASEWORKER else None,
            phone=number,
            preferred_language=preferred_language,
            is_staff=role == Role.ADMINISTRATOR,
            is_superuser=role == Role.ADMINISTRATOR,
        )
        user.set_unusable_password()
        user.full_clean()
        user.save()
    else:
        _check_reinvitable(user, role, field="email" if address else "phone")
    if role == Role.STAFF and site is not None:
        SiteMembership.objects.get_or_create(site=site, user=user)
    link = _issue(user=user, invited_by=invited_by, site=site, reason=reason, again=again)
    return user, link


def _check_reinvitable(user: User, role: Role | str, *, field: str) -> None:
    if user.has_usable_password():
        raise ValidationError({field: _("This person already has an account and can sign in.")})
    if not user.is_active:
        raise ValidationError({field: _("This account is deactivated.")})
    if user.role != role:
        raise ValidationError(
            {field: _("This person was invited as “%(role)s”.") % {"role": Role(user.role).label}}
        )


@transaction.atomic
def user_reinvite(
    *,
    user: User,
    invited_by: User,
    site: Site | None = None,
    email: str | None = None,
    phone: str | None = None,
    reason: str = "",
) -> str:
    """Send a new invitation to ``user``, who has not accepted one; returns the link.

    ``email``/``phone``, when given, are the person's contact details as now
    recorded (a family member's new number): the invitation goes there.
    """
    _check_inviter(invited_by, user.role, reason)
    _check_reinvitable(user, user.role, field="email")
    if email is not None or phone is not None:
        address, number = _contact(
            email if email is not None else user.email,
            phone if phone is not None else user.phone,
            user.role,
        )
        user.email, user.phone = address, number
        user.full_clean()
        user.save(update_fields=["email", "phone"])
    return _issue(user=user, invited_by=invited_by, site=site, reason=reason, again=True)


class PortalPerson(Protocol):
    """A parent or a household adult recorded by another app, with its portal account."""

    user: User | None
    first_name: str
    last_name: str
    email: str
    phone: str

    def full_clean(self) -> None: ...

    def save(self, *, update_fields: list[str]) -> None: ...


@transaction.atomic
def portal_invite(
    *,
    person: PortalPerson,
    invited_by: User,
    site: Site,
    role: Role,
    preferred_language: str = "da",
) -> User:
    """Invite a family member or a parent, recorded elsewhere, to the portal; or invite again.

    The contact details are the record's, as now recorded. A person invited
    before is invited again to the account linked to the record; otherwise the
    new account is linked to it.
    """
    if not person.email and not person.phone:
        raise ValidationError(
            _("%(name)s has no e-mail address or mobile number to send the invitation to.")
            % {"name": person.first_name}
        )
    if person.user is not None:
        user_reinvite(
            user=person.user,
            invited_by=invited_by,
            site=site,
            email=person.email or None,
            phone=person.phone,
        )
        return person.user
    user, _link = user_invite(
        invited_by=invited_by,
        email=person.email,
        phone=person.phone,
        first_name=person.first_name,
        last_name=person.last_name,
        role=role,
        preferred_language=preferred_language,
        site=site,
    )
    person.user = user
    person.full_clean()
    person.save(update_fields=["user"])
    return user


def _issue(
    *, user: User, invited_by: User | None, site: Site | None, reason: str, again: bool
) -> str:
    now = timezone.now()
    Invitation.objects.filter(user=user).open().update(revoked_at=now)
    token, token_hash = Invitation.new_token()
    channel = account_channel(user)
    Invitation.objects.create(
        user=user,
        token_hash=token_hash,
        invited_by=invited_by,
        site=site,
        channel=channel,
        sent_to=user.login_name,
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    link = public_url("accounts:accept_invitation", token)
    account_message_send(
        template="invitation",
        to_user=user,
        context={
            "first_name": user.first_name,
            "link": link,
            "role": user.role,
            "site": site.name if site else "",
            "invited_by": invited_by.get_full_name() if invited_by else "",
        },
    )
    account_event_record(
        user=user,
        action=AccountAction.INVITED,
        by=invited_by,
        reason=reason,
        details={"channel": channel, "again": again, "site": site.pk if site else None},
    )
    return link


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
    account_event_record(user=user, action=AccountAction.INVITATION_ACCEPTED, by=user)
    return user
