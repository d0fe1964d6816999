"""API authentication: a bearer token, or the browser session (with its second factor).

The bearer token is tried first. A request that carries a valid token never
reaches the session check, so integrations are not asked for a CSRF token
(browsers cannot attach an ``Authorization`` header to a cross-site request).
A browser session is CSRF-checked for unsafe methods, exactly like a form.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from hjemtilos.accounts.models import User
from hjemtilos.accounts.policies import second_factor_satisfied
from hjemtilos.api.services import api_token_authenticate
from hjemtilos.core.http import user_or_none


class VerifiedSession(APIKeyCookie):
    """The signed-in browser session; CSRF-checked for unsafe methods."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        # The CSRF check is done in ``authenticate`` (only once a session user
        # is known) so that a request without a session falls through to a
        # plain 401 and the refusal message is translated.
        super().__init__(csrf=False)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = user_or_none(request)
        if user is None or not second_factor_satisfied(user):
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(
                403,
                _("The security token (CSRF) is missing or wrong. Reload the page and try again."),
            )
        return user


class BearerToken(HttpBearer):
    """``Authorization: Bearer hto_…``: a per-user API token."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
            # A mark of our own on the request, read by ``used_api_token``.
            request.api_token_used = True  # type: ignore[attr-defined]
        return user


def used_api_token(request: HttpRequest) -> bool:
    """The request was authenticated with an API token rather than a browser session."""
    return bool(getattr(request, "api_token_used", False))
