"""Changing and resetting one's own password, and the limits on asking for reset links."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from hjemtilos.accounts.delivery import account_message_send
from hjemtilos.accounts.models import AccountAction, ThrottleHit, User
from hjemtilos.accounts.services.events import account_event_record
from hjemtilos.core.links import public_url

# Reset links one client address may ask for in an hour (a household or an
# office may share one address), and one account may receive in an hour.
RESET_LIMIT_PER_ADDRESS = 10
RESET_LIMIT_PER_ACCOUNT = 3
RESET_WINDOW = timedelta(hours=1)
THROTTLE_KEPT = timedelta(days=1)


def _key_hash(key: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), key.encode(), hashlib.sha256).hexdigest()


def throttle_hit(*, scope: str, key: str, limit: int, window: timedelta) -> bool:
    """Count one request of ``scope`` for ``key``; False (and not counted) over ``limit``."""
    key_hash = _key_hash(key)
    since = timezone.now() - window
    if ThrottleHit.objects.filter(scope=scope, key_hash=key_hash, at__gte=since).count() >= limit:
        return False
    ThrottleHit.objects.create(scope=scope, key_hash=key_hash)
    return True


def throttle_prune() -> int:
    """Forget counted requests older than a day (a daily job); returns how many."""
    deleted, _types = ThrottleHit.objects.filter(at__lt=timezone.now() - THROTTLE_KEPT).delete()
    return deleted


def password_reset_address_allowed(address: str) -> bool:
    """Count a reset request from ``address``; False once it has asked too often this hour."""
    return throttle_hit(
        scope="password_reset_address",
        key=address,
        limit=RESET_LIMIT_PER_ADDRESS,
        window=RESET_WINDOW,
    )


def password_reset_link(user: User) -> str:
    """The one-time link that lets ``user`` choose a new password.

    Django's token: it expires after ``PASSWORD_RESET_TIMEOUT`` and stops
    working once the password changed or the person signed in.
    """
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return public_url("accounts:password_reset_confirm", uidb64=uid, token=token)


@transaction.atomic
def password_reset_request(*, user: User | None) -> bool:
    """Send ``user`` a reset link by e-mail (or SMS without one); True if one was sent.

    The caller shows the same answer whether or not an account was found, so
    nobody learns who has an account. An account that asked too often this
    hour gets nothing more (without being told).
    """
    if user is None or not user.is_active or not user.has_usable_password():
        return False
    if not throttle_hit(
        scope="password_reset_account",
        key=str(user.pk),
        limit=RESET_LIMIT_PER_ACCOUNT,
        window=RESET_WINDOW,
    ):
        return False
    channel = account_message_send(
        template="password_reset",
        to_user=user,
        context={
            "first_name": user.first_name,
            "link": password_reset_link(user),
            "valid_minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
        },
    )
    account_event_record(
        user=user,
        action=AccountAction.PASSWORD_RESET_REQUESTED,
        by=None,
        details={"channel": channel},
    )
    return True


def user_for_password_reset(identifier: str) -> User | None:
    """The active account that signs in with ``identifier`` (e-mail or mobile number)."""
    try:
        return User.objects.get_by_natural_key(identifier)
    except User.DoesNotExist:
        return None


@transaction.atomic
def password_set(*, user: User, password: str, reset: bool) -> User:
    """Save ``user``'s new password (validated by the caller's form) and record it.

    ``reset``: chosen from a reset link rather than changed while signed in.
    Every other open session of the person ends, as Django's session hash
    follows the password.
    """
    user.set_password(password)
    user.save(update_fields=["password"])
    if reset:
        # Whoever reads the person's mail or SMS may sign in again at once,
        # even if wrong passwords had locked the account.
        axes_reset(username=user.login_name)
    account_event_record(
        user=user,
        action=AccountAction.PASSWORD_RESET if reset else AccountAction.PASSWORD_CHANGED,
        by=user,
    )
    return user
