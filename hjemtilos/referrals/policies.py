"""Who may see children and referrals.

Programme staff see the children of the sites they work at; the advisory
team sees every site's children (they assess concerns anywhere). A caseworker
sees only the referrals they made (the pages for that arrive with the
enrollment form). Administrators run the system and see no case records.
"""

from __future__ import annotations

from typing import Any

from hjemtilos.accounts.models import Role
from hjemtilos.accounts.policies import has_role
from hjemtilos.organisations.selectors import site_ids_for_staff
from hjemtilos.referrals.models import Child, Referral


def can_list_children(user: Any) -> bool:
    return has_role(user, Role.STAFF, Role.ADVISORY)


def visible_referrals(user: Any) -> Any:
    """The referrals ``user`` may know exist, as a queryset."""
    if has_role(user, Role.ADVISORY):
        return Referral.objects.all()
    if has_role(user, Role.STAFF):
        return Referral.objects.filter(site_id__in=site_ids_for_staff(user))
    if has_role(user, Role.CASEWORKER):
        return Referral.objects.filter(caseworker=user)
    return Referral.objects.none()


def can_view_child(user: Any, child: Child) -> bool:
    if has_role(user, Role.ADVISORY):
        return True
    if has_role(user, Role.STAFF):
        return child.family.site_id in site_ids_for_staff(user)
    return False
