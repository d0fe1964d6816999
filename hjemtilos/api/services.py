"""Creating, using and revoking API tokens."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from hjemtilos.accounts.delivery import account_message_send
from hjemtilos.accounts.models import User
from hjemtilos.accounts.policies import can_manage_api_tokens
from hjemtilos.api.models import ApiToken
from hjemtilos.core.links import public_url

LAST_USED_PRECISION = timedelta(minutes=1)


def api_token_create(
    *, user: User, name: str, expires_in_days: int | None = None
) -> tuple[ApiToken, str]:
    """A new token for ``user``; the secret is returned once and never stored.

    It expires after ``expires_in_days`` (``API_KEY_DEFAULT_DAYS`` if not
    given), at most ``API_KEY_MAX_DAYS``.
    """
    if not can_manage_api_tokens(user):
        raise PermissionDenied
    days = settings.API_KEY_DEFAULT_DAYS if expires_in_days is None else expires_in_days
    if not 1 <= days <= settings.API_KEY_MAX_DAYS:
        raise ValidationError(
            {
                "expires_in_days": _("A key is valid for 1 to %(max)s days.")
                % {"max": settings.API_KEY_MAX_DAYS}
            }
        )
    secret = ApiToken.new_secret()
    token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=secret[:8],
        token_hash=ApiToken.hash(secret),
        expires_at=timezone.now() + timedelta(days=days),
    )
    token.full_clean()
    token.save()
    return token, secret


def api_token_authenticate(secret: str) -> User | None:
    """The active user behind ``secret``, or None. Notes the use at most once a minute."""
    token = (
        ApiToken.objects.usable()
        .select_related("user")
        .filter(token_hash=ApiToken.hash(secret))
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def api_token_revoke(*, user: User, token_id: int) -> bool:
    """Revoke one of ``user``'s own tokens; False if there is no such token."""
    return bool(
        ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def api_token_expiry_warnings_send() -> int:
    """Tell each owner of a key that expires within ``API_KEY_WARN_DAYS`` (once per key).

    The key is claimed with a conditional update before the message is
    queued, so a job that runs twice warns once. Returns how many were warned.
    """
    now = timezone.now()
    due = ApiToken.objects.usable().filter(
        expiry_warned_at__isnull=True,
        expires_at__lte=now + timedelta(days=settings.API_KEY_WARN_DAYS),
        user__is_active=True,
    )
    warned = 0
    for token_id in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            claimed = ApiToken.objects.filter(pk=token_id, expiry_warned_at__isnull=True).update(
                expiry_warned_at=now
            )
            if not claimed:
                continue
            token = ApiToken.objects.select_related("user").get(pk=token_id)
            _warn(token)
            warned += 1
    return warned


def _warn(token: ApiToken) -> None:
    user = token.user
    with translation.override(user.preferred_language):
        expires_on = formats.date_format(timezone.localtime(token.expires_at), "j. F Y")
    account_message_send(
        template="api_key_expiring",
        to_user=user,
        context={
            "first_name": user.first_name,
            "key_name": token.name,
            "prefix": token.prefix,
            "expires_on": expires_on,
            "link": public_url("api_keys:list"),
        },
    )
