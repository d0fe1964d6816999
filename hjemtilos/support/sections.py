"""The support's sections of the friendship pages (``friendships.registry``).

The staff page gets the buttons to record a conversation and (for the
contact person and the advisory team only) to open the psychologist talks,
the latest follow-up conversations, and the psychologist talks' state for
those who may see it; either family's portal gets "ring til os".
"""

from __future__ import annotations

from typing import Any

from hjemtilos.accounts.models import User
from hjemtilos.friendships import policies as friendship_policies
from hjemtilos.friendships.models import Friendship, Side
from hjemtilos.friendships.registry import FriendshipSection
from hjemtilos.support import policies, selectors
from hjemtilos.support.services.conversations import open_call_request


def _staff_actions(user: User, friendship: Friendship) -> dict[str, Any] | None:
    data = {
        "can_record": policies.can_record_conversation(user, friendship),
        "sees_psychologist": policies.can_see_psychologist(user, friendship),
    }
    return data if any(data.values()) else None


def _conversations(user: User, friendship: Friendship) -> dict[str, Any] | None:
    if not policies.can_read_conversations(user, friendship):
        return None
    return {
        "conversations": selectors.conversations(friendship),
        "can_record": policies.can_record_conversation(user, friendship),
    }


def _psychologist(user: User, friendship: Friendship) -> dict[str, Any] | None:
    if not policies.can_see_psychologist(user, friendship):
        return None
    talks = selectors.psychologist_talks(friendship)
    return {"talks": talks} if talks else None


def _portal(user: User, friendship: Friendship) -> dict[str, Any] | None:
    if not policies.can_ask_for_call(user, friendship):
        return None
    side = friendship_policies.portal_side(user)
    return {
        "call_request": open_call_request(friendship, side),
        "is_volunteer": side == Side.VOLUNTEER_FAMILY,
    }


SECTIONS = [
    FriendshipSection(
        "staff_actions", "support/_friendship_actions.html", _staff_actions, order=50
    ),
    FriendshipSection("staff", "support/_friendship_conversations.html", _conversations, order=30),
    FriendshipSection("staff", "support/_friendship_psychologist.html", _psychologist, order=40),
    FriendshipSection("portal", "support/_portal_support.html", _portal),
]
