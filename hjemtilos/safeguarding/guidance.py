"""The acute guidance shown where a concern is raised (SPEC 5, issue 12).

If the child may be in danger now, the police come first (112). In office
hours the charity's contact person (for the volunteer family) or the child's
municipality (for staff) is phoned at once; outside office hours the
municipality's social duty service (*socialvagten*) is reached through the
police on 114.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from hjemtilos.accounts.models import User
from hjemtilos.friendships.models import Friendship
from hjemtilos.safeguarding.deadlines import is_office_hours


def acute_guidance(
    *, friendship: Friendship, for_staff: bool, now: datetime | None = None
) -> dict[str, Any]:
    """The template context of ``safeguarding/_acute_guidance.html`` for this friendship now."""
    contact: User | None = friendship.contact_person
    return {
        "office_hours": is_office_hours(now or timezone.now()),
        "for_staff": for_staff,
        "municipality": friendship.child.family.municipality,
        "contact_person": contact,
    }
