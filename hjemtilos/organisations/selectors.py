"""Reads for organisations: which sites a person works at."""

from __future__ import annotations

from typing import Any

from hjemtilos.organisations.models import Site


def site_ids_for_staff(user: Any) -> set[int]:
    """The sites a staff member belongs to, cached on the user object for the request."""
    cached = getattr(user, "_hjemtilos_site_ids", None)
    if cached is None:
        cached = set(user.site_memberships.values_list("site_id", flat=True))
        user._hjemtilos_site_ids = cached
    return cached


def sites_for_staff(user: Any) -> Any:
    """The staff member's sites, for lists and filters."""
    return Site.objects.filter(pk__in=site_ids_for_staff(user)).select_related("municipality")
