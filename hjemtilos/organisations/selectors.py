"""Reads for organisations: which sites a person works at."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from hjemtilos.organisations.models import Site

if TYPE_CHECKING:
    from hjemtilos.accounts.models import User

# Kept in the user instance's ``__dict__`` (as ``cached_property`` does), so
# the cache lives exactly as long as the request's user object.
_SITE_IDS_CACHE = "_hjemtilos_site_ids"


def site_ids_for_staff(user: User) -> set[int]:
    """The sites a staff member belongs to, cached on the user object for the request."""
    cached: set[int] | None = user.__dict__.get(_SITE_IDS_CACHE)
    if cached is None:
        cached = set(user.site_memberships.values_list("site_id", flat=True))
        user.__dict__[_SITE_IDS_CACHE] = cached
    return cached


def sites_for_staff(user: User) -> QuerySet[Site]:
    """The staff member's sites, for lists and filters."""
    return Site.objects.filter(pk__in=site_ids_for_staff(user)).select_related("municipality")
