"""Safeguarding's sections of the friendship pages (``friendships.registry``).

The staff page shows the friendship's concerns and requests from professionals
to those who may see them, with buttons to register new ones; the volunteer
family's portal says how to tell about a worry, and the logbook's form what to do when the
child may be in danger now.
"""

from __future__ import annotations

from typing import Any

from hjemtilos.accounts.models import User
from hjemtilos.friendships.models import Friendship
from hjemtilos.friendships.registry import FriendshipSection
from hjemtilos.safeguarding import policies, selectors
from hjemtilos.safeguarding.guidance import acute_guidance


def _staff_actions(user: User, friendship: Friendship) -> dict[str, Any]:
    return {"can_raise_concern": policies.can_raise_concern(user, friendship)}


def _concerns(user: User, friendship: Friendship) -> dict[str, Any] | None:
    concerns = selectors.concerns_for_friendship(user=user, friendship=friendship)
    return {"concerns": concerns} if concerns else None


def _inquiries(user: User, friendship: Friendship) -> dict[str, Any] | None:
    inquiries = selectors.inquiries_for_friendship(user=user, friendship=friendship)
    return {"inquiries": inquiries} if inquiries else None


def _portal_worry(user: User, friendship: Friendship) -> dict[str, Any]:
    return {}


def _logbook_guidance(user: User, friendship: Friendship) -> dict[str, Any]:
    return acute_guidance(friendship=friendship, for_staff=False)


SECTIONS = [
    FriendshipSection("staff_actions", "safeguarding/_friendship_actions.html", _staff_actions),
    FriendshipSection("staff", "safeguarding/_friendship_concerns.html", _concerns, order=10),
    FriendshipSection("staff", "safeguarding/_friendship_inquiries.html", _inquiries, order=20),
    FriendshipSection("portal_volunteer", "safeguarding/_portal_worry.html", _portal_worry),
    FriendshipSection("portal_logbook", "safeguarding/_logbook_guidance.html", _logbook_guidance),
]
