"""Session limits by role, and the second factor before anything else.

``SessionLimitsMiddleware`` signs a person out once their session has been
idle, or open, for longer than their role allows (``accounts.sessions``).
``SecondFactorRequiredMiddleware`` keeps users whose role needs a second
factor away from everything until they have set up and passed TOTP in this
session.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from hjemtilos.accounts.policies import second_factor_satisfied
from hjemtilos.accounts.sessions import ENDED, session_expired, session_touch
from hjemtilos.core.http import user_or_none

# Paths a half-logged-in user may still reach: setting up or passing the
# second factor, leaving, switching language, and static assets.
_ALLOWED_PREFIXES = (
    "/konto/to-faktor/",
    "/konto/log-ud/",
    "/i18n/",
    "/static/",
)


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = user_or_none(request)
        if (
            user is not None
            and user.needs_second_factor
            and not second_factor_satisfied(user)
            and not request.path.startswith(_ALLOWED_PREFIXES)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "detail": _(
                            "Finish signing in with your authenticator code first "
                            "(two-factor authentication)."
                        )
                    },
                    status=403,
                )
            return redirect(reverse("accounts:two_factor") + f"?next={request.path}")
        return self.get_response(request)


class SessionLimitsMiddleware:
    """Ends a browser session past its role's idle or absolute limit.

    Placed after authentication and before ``LoginRequiredMiddleware``: the
    request then goes on as an anonymous one and is sent to the login page,
    which says why. A request authenticated by an API key has no session.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = user_or_none(request)
        if user is not None:
            ended = session_expired(request.session, user)
            if ended is not None:
                logout(request)
                request.session[ENDED] = ended
            else:
                session_touch(request.session, user)
        return self.get_response(request)
