"""Session rules: how long a session lives, and when the second factor was last typed.

Staff, the advisory team and administrators (the second-factor roles) are
signed out after ``SESSION_IDLE_MINUTES_SECOND_FACTOR`` minutes without a
request and ``SESSION_ABSOLUTE_HOURS_SECOND_FACTOR`` hours after signing in;
everyone else after ``SESSION_IDLE_MINUTES`` and ``SESSION_ABSOLUTE_HOURS``
(docs/decisions/0009-sessions-and-throttling.md). Sensitive actions also ask
that the second factor was typed within ``SECOND_FACTOR_FRESH_MINUTES``.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.models import Device

from hjemtilos.accounts.models import User

STARTED = "hjemtilos_session_started"
LAST_SEEN = "hjemtilos_session_last_seen"
SECOND_FACTOR_AT = "hjemtilos_second_factor_at"
# Why the last session ended, shown once on the login page.
ENDED = "hjemtilos_session_ended"

# A request within this long of the last noted one does not write the session again.
LAST_SEEN_PRECISION = 60


def limits_for(user: User) -> tuple[timedelta, timedelta]:
    """(idle, absolute) session limits for ``user``'s role."""
    if user.needs_second_factor:
        return (
            timedelta(minutes=settings.SESSION_IDLE_MINUTES_SECOND_FACTOR),
            timedelta(hours=settings.SESSION_ABSOLUTE_HOURS_SECOND_FACTOR),
        )
    return (
        timedelta(minutes=settings.SESSION_IDLE_MINUTES),
        timedelta(hours=settings.SESSION_ABSOLUTE_HOURS),
    )


def _now() -> float:
    return timezone.now().timestamp()


def session_expired(session: SessionBase, user: User) -> str | None:
    """ "idle" or "absolute" if the session has outlived its limit, else None."""
    idle, absolute = limits_for(user)
    now = _now()
    started = session.get(STARTED)
    last_seen = session.get(LAST_SEEN)
    if started is not None and now - float(started) > absolute.total_seconds():
        return "absolute"
    if last_seen is not None and now - float(last_seen) > idle.total_seconds():
        return "idle"
    return None


def session_touch(session: SessionBase, user: User) -> None:
    """Note this request.

    The stored session outlives the idle limit (it lasts ``SESSION_COOKIE_AGE``):
    this middleware, not the session store, ends it, so the person returning
    after a pause is told why they must sign in again.
    """
    now = _now()
    if session.get(STARTED) is None:
        session[STARTED] = now
    last_seen = session.get(LAST_SEEN)
    if last_seen is None or now - float(last_seen) >= LAST_SEEN_PRECISION:
        session[LAST_SEEN] = now


def second_factor_passed(request: HttpRequest, device: Device) -> None:
    """The person typed a valid code (or backup code) from ``device`` in this session.

    The session gets a new key, so a key seen before the second factor (in a
    log, on a shared computer) is worth nothing after it.
    """
    otp_login(request, device)
    request.session.cycle_key()
    second_factor_confirmed(request)


def second_factor_confirmed(request: HttpRequest) -> None:
    """The person has just proved the second factor (or their password) again."""
    request.session[SECOND_FACTOR_AT] = _now()


def second_factor_is_recent(request: HttpRequest) -> bool:
    """The second factor was typed within ``SECOND_FACTOR_FRESH_MINUTES`` in this session."""
    at = request.session.get(SECOND_FACTOR_AT)
    if at is None:
        return False
    return _now() - float(at) <= settings.SECOND_FACTOR_FRESH_MINUTES * 60
