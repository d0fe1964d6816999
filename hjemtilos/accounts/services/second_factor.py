"""The second factor: an authenticator app, backup codes, and an administrator's reset."""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from hjemtilos.accounts import policies
from hjemtilos.accounts.models import (
    BACKUP_CODE_ALPHABET,
    BACKUP_CODE_COUNT,
    BACKUP_CODE_LENGTH,
    AccountAction,
    AuthenticatorDevice,
    BackupCodeDevice,
    User,
    backup_code_digest,
)
from hjemtilos.accounts.services.events import account_event_record


def authenticator_get_or_create_unconfirmed(*, user: User) -> AuthenticatorDevice:
    """The device being set up; a fresh secret until one is confirmed."""
    device = AuthenticatorDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = AuthenticatorDevice.objects.create(user=user, name="Hjem til Os", confirmed=False)
    return device


@transaction.atomic
def authenticator_confirm(*, device: AuthenticatorDevice, token: str) -> bool:
    """Confirm a device with a first valid code; False if the code is wrong."""
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # Any other half-made device is left over from an abandoned attempt.
    AuthenticatorDevice.objects.filter(user=device.user, confirmed=False).delete()
    account_event_record(
        user=device.user, action=AccountAction.SECOND_FACTOR_ENROLLED, by=device.user
    )
    return True


def _new_code() -> str:
    code = "".join(secrets.choice(BACKUP_CODE_ALPHABET) for _ in range(BACKUP_CODE_LENGTH))
    return f"{code[:5]}-{code[5:]}"


@transaction.atomic
def backup_codes_create(*, user: User) -> list[str]:
    """Make a new set of single-use backup codes, replacing any old ones; returns them once.

    Only keyed hashes are stored, so the codes can be shown now and never again.
    """
    BackupCodeDevice.objects.filter(user=user).delete()
    device = BackupCodeDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    codes = [_new_code() for _ in range(BACKUP_CODE_COUNT)]
    device.token_set.bulk_create(
        [device.token_set.model(device=device, token=backup_code_digest(code)) for code in codes]
    )
    account_event_record(user=user, action=AccountAction.BACKUP_CODES_CREATED, by=user)
    return codes


def backup_codes_left(user: User) -> int:
    device = BackupCodeDevice.objects.filter(user=user).first()
    return device.token_set.count() if device else 0


@transaction.atomic
def backup_code_verify(*, user: User, code: str) -> BackupCodeDevice | None:
    """The user's backup-code device if ``code`` is one of their unused codes (now used up)."""
    device = BackupCodeDevice.objects.select_for_update().filter(user=user).first()
    if device is None or not device.verify_token(code):
        return None
    account_event_record(user=user, action=AccountAction.BACKUP_CODE_USED, by=user)
    return device


def sessions_end(user: User) -> None:
    """End every open session of ``user`` (their next request signs them out)."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])


@transaction.atomic
def second_factor_reset(*, user: User, by: User, reason: str) -> None:
    """An administrator removes ``user``'s authenticator and backup codes.

    The person sets up a new authenticator at their next sign-in; nobody ever
    sees the old or the new secret but them. Their open sessions end, so a
    session left open somewhere cannot be the one that sets up the new device.
    """
    if not policies.can_manage_users(by):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Write why the second factor is reset.")})
    removed = AuthenticatorDevice.objects.filter(user=user).delete()[0]
    BackupCodeDevice.objects.filter(user=user).delete()
    sessions_end(user)
    account_event_record(
        user=user,
        action=AccountAction.SECOND_FACTOR_RESET,
        by=by,
        reason=reason,
        details={"devices": removed},
    )
