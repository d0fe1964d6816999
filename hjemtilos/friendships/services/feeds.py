"""Personal iCalendar feeds: a secret, revocable URL per user (only its hash is stored)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from hjemtilos.accounts.models import User
from hjemtilos.friendships.models import CalendarFeed


@transaction.atomic
def calendar_feed_create(*, user: User) -> str:
    """A new feed for ``user``; any earlier one stops working. Returns the secret token."""
    calendar_feed_revoke(user=user)
    token, token_hash = CalendarFeed.new_token()
    CalendarFeed.objects.create(user=user, token_hash=token_hash)
    return token


def calendar_feed_revoke(*, user: User) -> int:
    """Stop the user's feed; its URL answers 404 from now on."""
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
