"""Who may see friendships, their visits and logbooks.

Staff see the friendships of their sites and screen the logbooks; the
advisory team sees every friendship (a concern can arise anywhere).
Volunteers and parents get their own views of their one friendship, and
caseworkers only a status on their referral — never the logbook.
"""

from __future__ import annotations

from typing import Any

from hjemtilos.accounts.models import Role
from hjemtilos.accounts.policies import has_role
from hjemtilos.friendships.models import Friendship
from hjemtilos.organisations.selectors import site_ids_for_staff


def can_list_friendships(user: Any) -> bool:
    return has_role(user, Role.STAFF, Role.ADVISORY)


def visible_friendships(user: Any) -> Any:
    if has_role(user, Role.ADVISORY):
        return Friendship.objects.all()
    if has_role(user, Role.STAFF):
        return Friendship.objects.filter(site_id__in=site_ids_for_staff(user))
    return Friendship.objects.none()
