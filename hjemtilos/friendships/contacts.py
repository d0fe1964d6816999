"""Who to tell in each family, and telling them (SMS and e-mail through the outbox).

A volunteer family is told through its adults (18 or older, still living
there); the child's family through the guardians. Which channel reaches each
person is the outbox's one rule (``messaging.recipients.channels_for``): a
parent with only a phone gets the farewell by SMS. A missing or invalid
phone number or e-mail address never stops the change that caused the
message: that recipient is skipped and the skip is logged.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from typing import Any

from django.db import models
from django.utils import timezone

from hjemtilos.accounts.models import User
from hjemtilos.core.dates import ADULT_AGE
from hjemtilos.friendships.models import Friendship, FriendshipStatus, Side
from hjemtilos.messaging.recipients import Reach, Recipient
from hjemtilos.messaging.services import message_queue_to_people
from hjemtilos.organisations.models import Site
from hjemtilos.referrals.selectors import guardian_recipient
from hjemtilos.volunteers.models import VolunteerFamily
from hjemtilos.volunteers.selectors import member_recipient


def volunteer_adults(friendship: Friendship) -> list[Recipient]:
    """The volunteer family's adults. Uses ``family.members`` (prefetch it for many)."""
    today = timezone.localdate()
    return [
        member_recipient(member)
        for member in friendship.family.members.all()
        if member.moved_out_on is None and member.age(today) >= ADULT_AGE
    ]


def running_friendship_per_family(
    site: Site, *, families: Iterable[VolunteerFamily] | None = None
) -> Iterator[Friendship]:
    """One running friendship of each volunteer family at ``site`` (of ``families`` only, if
    given), with the family's members loaded: a family invited to a supervision session or
    an event is told once, however many children it has a friendship with."""
    friendships = (
        Friendship.objects.filter(site=site, status=FriendshipStatus.RUNNING)
        .select_related("family")
        .prefetch_related("family__members__user")
        .order_by("family_id")
    )
    if families is not None:
        friendships = friendships.filter(family__in=families)
    seen: set[int] = set()
    for friendship in friendships:
        if friendship.family_id not in seen:
            seen.add(friendship.family_id)
            yield friendship


def guardians(friendship: Friendship) -> list[Recipient]:
    """The child's guardians. Uses ``child.family.guardians`` (prefetch it for many)."""
    return [guardian_recipient(guardian) for guardian in friendship.child.family.guardians.all()]


def family_of(friendship: Friendship, side: str) -> list[Recipient]:
    return volunteer_adults(friendship) if side == Side.VOLUNTEER_FAMILY else guardians(friendship)


def other_side(side: str) -> str:
    return Side.CHILD_FAMILY if side == Side.VOLUNTEER_FAMILY else Side.VOLUNTEER_FAMILY


def send(
    recipients: Iterable[Recipient],
    *,
    reach: Reach,
    template: str,
    context: dict[str, Any],
    related: models.Model,
    by: User | None = None,
    sms_refused: Collection[str] | None = None,
) -> int:
    """Queue the message to each recipient on the channels ``reach`` gives them
    (``messaging.recipients.channels_for``); returns how many were queued.
    ``sms_refused``: as for ``message_queue_to_people`` (a batch asks once)."""
    return len(
        message_queue_to_people(
            recipients,
            template=template,
            context=context,
            reach=reach,
            related=related,
            created_by=by,
            sms_refused=sms_refused,
        )
    )
