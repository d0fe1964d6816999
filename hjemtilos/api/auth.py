"""API authentication: the browser session (with its second factor) or a bearer token."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from hjemtilos.accounts.policies import second_factor_satisfied
from hjemtilos.api.services import api_token_authenticate


class VerifiedSession(APIKeyCookie):
    """The signed-in browser session; CSRF-checked for unsafe methods."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if user.is_authenticated and second_factor_satisfied(user):
            return user
        return None


class BearerToken(HttpBearer):
    """``Authorization: Bearer hto_…``: a per-user API token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
            request.api_token_used = True  # type: ignore[attr-defined]
        return user
