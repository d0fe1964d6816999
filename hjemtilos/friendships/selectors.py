"""Reads for friendships, visits and logbooks."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from hjemtilos.friendships import policies
from hjemtilos.friendships.models import Friendship, LogbookEntry, Visit, VisitStatus


def friendship_list(*, user: Any, status: str = "") -> QuerySet[Friendship]:
    qs = (
        policies.visible_friendships(user)
        .select_related("site", "child", "family")
        .annotate(
            visits_held=Count("visits", filter=Q(visits__status=VisitStatus.HELD)),
            last_visit_on=Max("visits__date", filter=Q(visits__status=VisitStatus.HELD)),
        )
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-started_on", "-id")


def friendship_detail(*, user: Any, pk: int) -> Friendship | None:
    return (
        policies.visible_friendships(user)
        .select_related("site", "child", "family", "referral")
        .filter(pk=pk)
        .first()
    )


def recent_visits(friendship: Friendship, limit: int = 20) -> list[Visit]:
    return list(friendship.visits.order_by("-date")[:limit])


def recent_logbook_entries(friendship: Friendship, limit: int = 20) -> list[LogbookEntry]:
    return list(
        friendship.logbook_entries.select_related("written_by", "visit").order_by("-written_at")[
            :limit
        ]
    )
