"""Who to tell in each family, and telling them (SMS and e-mail through the outbox).

A volunteer family is told through its adults (18 or older, still living
there); the child's family through the guardians. A missing or invalid
phone number or e-mail address never stops the change that caused the
message: that recipient is skipped and the skip is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from hjemtilos.accounts.models import User
from hjemtilos.core.dates import ADULT_AGE
from hjemtilos.friendships.models import Friendship, Side
from hjemtilos.messaging.models import Channel
from hjemtilos.messaging.services import message_queue_email, message_queue_sms

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    first_name: str
    email: str
    phone: str
    user: User | None
    language: str


def volunteer_adults(friendship: Friendship) -> list[Recipient]:
    """The volunteer family's adults. Uses ``family.members`` (prefetch it for many)."""
    today = timezone.localdate()
    people = []
    for member in friendship.family.members.all():
        if member.moved_out_on is not None or member.age(today) < ADULT_AGE:
            continue
        user = member.user
        people.append(
            Recipient(
                first_name=member.first_name,
                email=(user.email if user else "") or member.email,
                phone=(user.phone if user else "") or member.phone,
                user=user,
                language=user.preferred_language if user else "da",
            )
        )
    return people


def guardians(friendship: Friendship) -> list[Recipient]:
    """The child's guardians. Uses ``child.family.guardians`` (prefetch it for many)."""
    people = []
    for guardian in friendship.child.family.guardians.all():
        user = guardian.user
        people.append(
            Recipient(
                first_name=guardian.first_name,
                email=guardian.email or (user.email if user else ""),
                phone=guardian.phone or (user.phone if user else ""),
                user=user,
                language=guardian.preferred_language or "da",
            )
        )
    return people


def family_of(friendship: Friendship, side: str) -> list[Recipient]:
    return volunteer_adults(friendship) if side == Side.VOLUNTEER_FAMILY else guardians(friendship)


def other_side(side: str) -> str:
    return Side.CHILD_FAMILY if side == Side.VOLUNTEER_FAMILY else Side.VOLUNTEER_FAMILY


def send(
    recipients: Iterable[Recipient],
    *,
    channel: str,
    template: str,
    context: dict[str, Any],
    related: models.Model,
    by: User | None = None,
) -> int:
    """Queue the message to each recipient reachable on ``channel`` (an SMS to a phone
    number, an e-mail to an address); returns how many were queued."""
    sent = 0
    for person in recipients:
        address = person.phone if channel == Channel.SMS else person.email
        if not address:
            continue
        message: dict[str, Any] = {
            "template": template,
            "context": {**context, "first_name": person.first_name},
            "to_user": person.user,
            "language": person.language,
            "related": related,
            "created_by": by,
        }
        try:
            if channel == Channel.SMS:
                message_queue_sms(to_number=address, **message)
            else:
                message_queue_email(to_address=address, **message)
        except ValidationError:
            logger.warning("%s %s to an invalid address skipped (%s)", channel, template, related)
            continue
        sent += 1
    return sent


def send_phone_first(
    recipients: Iterable[Recipient],
    *,
    template: str,
    context: dict[str, Any],
    related: models.Model,
    by: User | None = None,
) -> int:
    """An SMS to each recipient with a phone number, an e-mail to those with only an
    address (a parent may have only a phone; a few have only e-mail). Returns how many."""
    people = list(recipients)
    kwargs: dict[str, Any] = {
        "template": template,
        "context": context,
        "related": related,
        "by": by,
    }
    return send([p for p in people if p.phone], channel=Channel.SMS, **kwargs) + send(
        [p for p in people if not p.phone], channel=Channel.EMAIL, **kwargs
    )
