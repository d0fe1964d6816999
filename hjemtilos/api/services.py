"""Creating, using and revoking API tokens."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from hjemtilos.accounts.models import User
from hjemtilos.accounts.policies import can_manage_api_tokens
from hjemtilos.api.models import ApiToken

LAST_USED_PRECISION = timedelta(minutes=1)


def api_token_create(
    *, user: User, name: str, expires_in_days: int | None = None
) -> tuple[ApiToken, str]:
    """A new token for ``user``; the secret is returned once and never stored."""
    if not can_manage_api_tokens(user):
        raise PermissionDenied
    secret = ApiToken.new_secret()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        prefix=secret[:8],
        token_hash=ApiToken.hash(secret),
        expires_at=timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None,
    )
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
