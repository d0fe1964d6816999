"""Reads for concerns and inquiries, always through the policies' querysets."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from hjemtilos.friendships.models import Friendship
from hjemtilos.safeguarding import policies
from hjemtilos.safeguarding.models import Concern, ConcernStatus, Inquiry


def concern_list(*, user: Any, status: str = "") -> QuerySet[Concern]:
    qs = policies.visible_concerns(user).select_related(
        "friendship__child", "friendship__site", "contact_person"
    )
    if status == "open":
        qs = qs.exclude(status=ConcernStatus.CLOSED)
    elif status:
        qs = qs.filter(status=status)
    return qs.order_by("-reported_at", "-id")


def concern_detail(*, user: Any, pk: int) -> Concern | None:
    return (
        policies.visible_concerns(user)
        .select_related(
            "friendship__child",
            "friendship__site",
            "friendship__family",
            "friendship__contact_person",
            "contact_person",
            "reported_by",
            "logbook_entry",
        )
        .filter(pk=pk)
        .first()
    )


def concern_events(concern: Concern) -> list[Any]:
    return list(concern.events.select_related("by"))


def concerns_for_friendship(*, user: Any, friendship: Friendship) -> list[Concern]:
    return list(
        policies.visible_concerns(user)
        .filter(friendship=friendship)
        .select_related("reported_by")
        .order_by("-reported_at")
    )


def inquiries_for_friendship(*, user: Any, friendship: Friendship) -> list[Inquiry]:
    if not policies.can_see_inquiries(user, friendship):
        return []
    return list(friendship.inquiries.select_related("recorded_by").order_by("-received_on", "-id"))


def inquiry_detail(*, user: Any, pk: int) -> Inquiry | None:
    return (
        policies.visible_inquiries(user)
        .select_related(
            "friendship__child", "friendship__family", "friendship__site", "recorded_by"
        )
        .filter(pk=pk)
        .first()
    )
