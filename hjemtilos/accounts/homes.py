"""The administrator's home page (``core.homes``): sites and users, no case records."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from hjemtilos.accounts.models import Role, User
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.organisations.models import Site


def administrator_home(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    sites = Site.objects.select_related("municipality").annotate(staff_count=Count("memberships"))
    users_by_role = dict(
        User.objects.filter(is_active=True).values_list("role").annotate(n=Count("id"))
    )
    return {
        "sites": sites,
        "users_by_role": [(role.label, users_by_role.get(role.value, 0)) for role in Role],
    }
