"""Reads of API tokens."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from hjemtilos.api.models import ApiToken


def active_tokens(user: Any) -> QuerySet[ApiToken]:
    """The user's tokens that still work, newest first."""
    return ApiToken.objects.usable().filter(user=user)
