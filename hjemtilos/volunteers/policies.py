"""Who may see volunteer families.

Programme staff see the families of their sites. Nobody else on the staff
side needs a family's identity for their task; caseworkers must never see it
(the municipality must not contact volunteer families directly).
"""

from __future__ import annotations

from typing import Any

from hjemtilos.accounts.models import Role
from hjemtilos.accounts.policies import has_role
from hjemtilos.organisations.selectors import site_ids_for_staff
from hjemtilos.volunteers.models import VolunteerFamily


def can_list_families(user: Any) -> bool:
    return has_role(user, Role.STAFF)


def visible_families(user: Any) -> Any:
    if has_role(user, Role.STAFF):
        return VolunteerFamily.objects.filter(site_id__in=site_ids_for_staff(user))
    return VolunteerFamily.objects.none()
