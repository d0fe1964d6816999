"""``{% portal_access person.user as access %}``: where a family member or parent stands
with the portal ("none", "invited", "active", "deactivated"), for their pages."""

from __future__ import annotations

from django import template

from hjemtilos.accounts.models import User
from hjemtilos.accounts.selectors import PortalAccess
from hjemtilos.accounts.selectors import portal_access as access_of

register = template.Library()


@register.simple_tag
def portal_access(user: User | None) -> PortalAccess:
    return access_of(user)
