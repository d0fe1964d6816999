"""Personal iCalendar feeds: a secret, revocable URL per user (only its hash is stored)."""

from __future__ import annotations

from datetime import timedelta

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


# How often a feed's "last used" time is written: calendar apps poll every few minutes.
LAST_USED_EVERY = timedelta(hours=1)


def calendar_feed_used(*, feed: CalendarFeed) -> None:
    """Note that a calendar app read the feed (at most once an hour, to spare writes)."""
    now = timezone.now()
    if feed.last_used_at is None or feed.last_used_at < now - LAST_USED_EVERY:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)


def calendar_feed_revoke(*, user: User) -> int:
    """Stop the user's feed; its URL answers 404 from now on."""
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
