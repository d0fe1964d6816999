"""Reads for concerns and inquiries, always through the policies' querysets."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from hjemtilos.accounts.models import User
from hjemtilos.core.access import fetch_or_refuse
from hjemtilos.friendships import policies as friendship_policies
from hjemtilos.friendships.models import Friendship
from hjemtilos.safeguarding import policies
from hjemtilos.safeguarding.models import Concern, ConcernStatus, Inquiry


def concern_list(*, user: User, status: str = "") -> QuerySet[Concern]:
    qs = policies.visible_concerns(user).select_related(
        "friendship__child", "friendship__site", "contact_person"
    )
    if status == "open":
        qs = qs.exclude(status=ConcernStatus.CLOSED)
    elif status:
        qs = qs.filter(status=status)
    return qs.order_by("-reported_at", "-id")


def concern_for_user_or_404(*, user: User, pk: int) -> Concern:
    """A concern for its page: the contact person and the advisory team.

    Other roles get 403; a concern the user is not on is a 404 (staff of
    another site, or a colleague at the same one, do not learn it exists).
    """
    return fetch_or_refuse(
        Concern.objects.select_related(
            "friendship__child",
            "friendship__site",
            "friendship__family",
            "friendship__contact_person",
            "contact_person",
            "reported_by",
            "logbook_entry",
        ),
        user=user,
        pk=pk,
        page=policies.can_list_concerns,
        visible=policies.can_view_concern,
    )


def friendship_for_concern_or_404(*, user: User, pk: int) -> Friendship:
    """The friendship a concern is raised about: by staff of its site (after a call) or in
    the portal by its volunteer family while it runs.

    A friendship the user is not staff of, or a family member of, is a 404;
    one they may see but not raise a concern about (the parent) a 403.
    """
    if friendship_policies.is_staff(user):
        friendships = friendship_policies.visible_friendships(user)
    else:
        friendships = friendship_policies.portal_friendships(user)
    return fetch_or_refuse(
        friendships.select_related("child", "family"),
        user=user,
        pk=pk,
        allowed=policies.can_raise_concern,
    )


def concern_events(concern: Concern) -> list[Any]:
    return list(concern.events.select_related("by"))


def concerns_for_friendship(*, user: User, friendship: Friendship) -> list[Concern]:
    return list(
        policies.visible_concerns(user)
        .filter(friendship=friendship)
        .select_related("reported_by")
        .order_by("-reported_at")
    )


def inquiries_for_friendship(*, user: User, friendship: Friendship) -> list[Inquiry]:
    if not policies.can_see_inquiries(user, friendship):
        return []
    return list(friendship.inquiries.select_related("recorded_by").order_by("-received_on", "-id"))


def inquiry_for_user_or_404(*, user: User, pk: int) -> Inquiry:
    """A professional's request for its page: staff of the site and the advisory team.

    Other roles get 403; an inquiry out of the user's reach is a 404.
    """
    return fetch_or_refuse(
        Inquiry.objects.select_related(
            "friendship__child", "friendship__family", "friendship__site", "recorded_by"
        ),
        user=user,
        pk=pk,
        page=friendship_policies.can_list_friendships,
        visible=policies.can_view_inquiry,
    )
