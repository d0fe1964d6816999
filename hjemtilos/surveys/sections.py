"""The surveys' section of a friendship's staff page (``friendships.registry``).

Who has been invited to which survey and where each invitation stands, with
the ways to act on it: enter answers given on the phone, send it again, record
the child's voice at the child visit. Two queries.
"""

from __future__ import annotations

from typing import Any

from hjemtilos.accounts.models import User
from hjemtilos.friendships.models import Friendship, FriendshipStatus
from hjemtilos.friendships.registry import FriendshipSection
from hjemtilos.surveys import policies, selectors


def _surveys(user: User, friendship: Friendship) -> dict[str, Any] | None:
    if not policies.can_handle_friendship_surveys(user, friendship):
        return None
    invitations = selectors.friendship_invitations(friendship)
    child_voice = selectors.friendship_child_voice(friendship)
    can_record = friendship.status == FriendshipStatus.RUNNING and child_voice is None
    if not invitations and child_voice is None and not can_record:
        return None
    return {
        "friendship": friendship,
        "invitations": invitations,
        "child_voice": child_voice,
        "can_record_child_voice": can_record,
    }


SECTIONS = [
    FriendshipSection("staff", "surveys/_friendship_surveys.html", _surveys, order=30),
]
