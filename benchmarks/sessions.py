"""Signed-in sessions for the benchmarks' people (``run.py``, ``load/prepare.py``).

They type no password and no authenticator code: argon2 and a TOTP round trip per
simulated login would measure the login pages, not the pages being timed. The session
is the one a real login leaves behind: in the session store, and for the roles that
need a second factor, with a confirmed device of the person's own marked as just passed.
Import after ``django.setup()``.
"""

from __future__ import annotations

from django.conf import settings
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from hjemtilos.accounts.models import AuthenticatorDevice, User
from hjemtilos.accounts.sessions import SECOND_FACTOR_AT

DEVICE_NAME = "benchmark"


def signed_in(user: User) -> Client:
    """A client holding a stored session for ``user``, the second factor passed if needed."""
    client = Client()
    client.force_login(user)
    session = client.session
    if user.needs_second_factor:
        device, _ = AuthenticatorDevice.objects.get_or_create(
            user=user, name=DEVICE_NAME, confirmed=True
        )
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session[SECOND_FACTOR_AT] = timezone.now().timestamp()
    session.save()
    return client


def session_cookie(user: User) -> str:
    """The session cookie a browser signed in as ``user`` would send (for Locust)."""
    return str(signed_in(user).cookies[settings.SESSION_COOKIE_NAME].value)
