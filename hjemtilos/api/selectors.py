"""Reads of API tokens."""

from __future__ import annotations

from django.db.models import QuerySet

from hjemtilos.accounts.models import User
from hjemtilos.api import policies
from hjemtilos.api.models import ApiToken
from hjemtilos.core.access import fetch_or_refuse
from hjemtilos.organisations.models import Site


def site_for_user_or_404(*, user: User, pk: int) -> Site:
    """A site the caller works with (evaluators: every site); anyone else gets 404."""
    return fetch_or_refuse(policies.visible_sites(user), user=user, pk=pk)


def active_tokens(user: User) -> QuerySet[ApiToken]:
    """The user's tokens that still work, newest first."""
    return ApiToken.objects.usable().filter(user=user)
