"""Who may see which sites through the API."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from hjemtilos.accounts.models import Role
from hjemtilos.accounts.policies import has_role
from hjemtilos.organisations.models import Site
from hjemtilos.organisations.selectors import site_ids_for_staff


def can_list_sites(user: Any) -> bool:
    return has_role(user, Role.STAFF, Role.ADVISORY, Role.ADMINISTRATOR, Role.EVALUATOR)


def visible_sites(user: Any) -> QuerySet[Site]:
    if has_role(user, Role.ADVISORY, Role.ADMINISTRATOR, Role.EVALUATOR):
        return Site.objects.all()
    if has_role(user, Role.STAFF):
        return Site.objects.filter(pk__in=site_ids_for_staff(user))
    return Site.objects.none()
