"""Reads for the support of volunteer families: the friendship page's sections, events and
sign-ups, supervision groups with suggested families. A fixed number of queries each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemtilos.accounts.models import User
from hjemtilos.core.access import fetch_or_refuse
from hjemtilos.friendships import policies as friendship_policies
from hjemtilos.friendships.models import Friendship, FriendshipStatus
from hjemtilos.referrals.models import NeedTag
from hjemtilos.support import policies
from hjemtilos.support.models import (
    Answer,
    JointEvent,
    JointEventInvitation,
    PsychologistConversation,
    Situation,
    SupervisionGroup,
    SupervisionGroupMember,
    SupportConversation,
)
from hjemtilos.volunteers.models import VolunteerFamily

# Follow-up conversations and the psychologist ------------------------------------------


def conversations(friendship: Friendship, limit: int = 10) -> list[SupportConversation]:
    return list(
        friendship.support_conversations.select_related("recorded_by", "next_step_task").order_by(
            "-held_on", "-id"
        )[:limit]
    )


def psychologist_talks(friendship: Friendship) -> list[PsychologistConversation]:
    return list(
        friendship.psychologist_conversations.select_related("offered_by")
        .prefetch_related("events__by")
        .order_by("-offered_at", "-id")
    )


def friendship_for_support_or_404(*, user: User, pk: int) -> Friendship:
    """A friendship staff of its site record support for (other roles 403; else 404)."""
    return fetch_or_refuse(
        Friendship.objects.select_related("site", "child", "family", "contact_person"),
        user=user,
        pk=pk,
        page=friendship_policies.is_staff,
        visible=friendship_policies.can_manage_friendship,
    )


def friendship_for_psychologist_or_404(*, user: User, pk: int) -> Friendship:
    """A friendship whose psychologist talks the user may see: its contact person or the
    advisory team. Other staff get 404 (they need not know), other roles 403."""
    return fetch_or_refuse(
        Friendship.objects.select_related(
            "site", "child", "family__contact_person", "contact_person"
        ),
        user=user,
        pk=pk,
        page=friendship_policies.can_list_friendships,
        visible=policies.can_see_psychologist,
    )


def psychologist_talk_or_404(*, user: User, pk: int) -> PsychologistConversation:
    """One psychologist talk, for the contact person and the advisory team (else 404/403)."""
    return fetch_or_refuse(
        PsychologistConversation.objects.select_related(
            "friendship__child", "friendship__family", "friendship__contact_person", "offered_by"
        ),
        user=user,
        pk=pk,
        page=friendship_policies.can_list_friendships,
        visible=policies.can_see_psychologist_conversation,
    )


def friendship_for_call_or_404(*, user: User, pk: int) -> Friendship:
    """The family's own running friendship, to ask for a call (others 404; ended 403)."""
    return fetch_or_refuse(
        friendship_policies.portal_friendships(user).select_related(
            "site", "child", "family", "contact_person", "family__contact_person"
        ),
        user=user,
        pk=pk,
        page=friendship_policies.is_portal_user,
        allowed=policies.can_ask_for_call,
    )


# Joint events --------------------------------------------------------------------------


def events(*, user: User) -> QuerySet[JointEvent]:
    """The user's sites' events, with their sign-up figures, the newest first."""
    yes = Q(invitations__answer=Answer.YES)
    return (
        policies.visible_events(user)
        .select_related("site", "group")
        .annotate(
            invited=Count("invitations", distinct=True),
            coming=Count("invitations", filter=yes, distinct=True),
            people=Coalesce(Sum("invitations__adults", filter=yes), 0)
            + Coalesce(Sum("invitations__children", filter=yes), 0),
        )
        .order_by("-starts_at", "-id")
    )


def event_for_staff_or_404(*, user: User, pk: int) -> JointEvent:
    return fetch_or_refuse(
        JointEvent.objects.select_related("site", "group", "created_by"),
        user=user,
        pk=pk,
        page=policies.is_staff,
        visible=policies.can_manage_event,
    )


def invitations(event: JointEvent) -> list[JointEventInvitation]:
    return list(event.invitations.select_related("family", "answered_by").order_by("family__name"))


def my_invitations(*, user: User) -> list[JointEventInvitation]:
    """The household's invitations: upcoming first (by date), then the past ones."""
    rows = list(
        policies.own_invitations(user)
        .select_related("event__site")
        .order_by("-event__starts_at")[:50]
    )
    now = timezone.now()
    upcoming = sorted((i for i in rows if i.event.starts_at > now), key=lambda i: i.event.starts_at)
    return upcoming + [i for i in rows if i.event.starts_at <= now]


def invitation_for_answer_or_404(*, user: User, pk: int) -> JointEventInvitation:
    """An invitation of the volunteer's own household (others 404; past or cancelled 403)."""
    return fetch_or_refuse(
        policies.own_invitations(user).select_related("event__site"),
        user=user,
        pk=pk,
        page=policies.is_volunteer,
        allowed=policies.can_answer_invitation,
        refusal=_("The event has begun or is cancelled."),
    )


# Supervision groups ----------------------------------------------------------------------


def groups(*, user: User) -> QuerySet[SupervisionGroup]:
    return (
        policies.visible_groups(user)
        .select_related("site")
        .annotate(member_count=Count("members", distinct=True))
        .order_by("site__name", "name")
    )


def group_for_staff_or_404(*, user: User, pk: int) -> SupervisionGroup:
    return fetch_or_refuse(
        SupervisionGroup.objects.select_related("site"),
        user=user,
        pk=pk,
        page=policies.is_staff,
        visible=policies.can_manage_group,
    )


@dataclass(frozen=True)
class Candidate:
    """A family in a running friendship at the group's site, and what its friendship has."""

    family: VolunteerFamily
    friendship: Friendship
    situations: frozenset[str]


DIAGNOSES = {NeedTag.ADHD, NeedTag.AUTISM}
ANXIETY = {NeedTag.ANXIETY, NeedTag.SOCIAL}
YOUNG_UP_TO = 7
OLDER_FROM = 10


def situations_of(friendship: Friendship) -> frozenset[str]:
    """What a friendship has that families gain from sharing (from the child's needs, the
    parents' language and the child's age); heavy cases and the rest are staff's call.

    Reads ``child.family.guardians`` (prefetch it for many).
    """
    child = friendship.child
    tags = set(child.need_tags)
    found = set()
    if tags & DIAGNOSES:
        found.add(Situation.DIAGNOSIS)
    if tags & ANXIETY:
        found.add(Situation.ANXIETY)
    guardians = list(child.family.guardians.all())
    if NeedTag.LANGUAGE in tags or any(
        g.interpreter_needed or g.preferred_language != "da" for g in guardians
    ):
        found.add(Situation.LANGUAGE)
    age = child.age()
    if age <= YOUNG_UP_TO:
        found.add(Situation.YOUNG)
    elif age >= OLDER_FROM:
        found.add(Situation.OLDER)
    return frozenset(found)


def group_page(group: SupervisionGroup) -> dict[str, Any]:
    """The group's members and the site's other families in running friendships, those whose
    friendship shares the group's situation first (four queries)."""
    members = list(
        SupervisionGroupMember.objects.filter(group=group)
        .select_related("family", "added_by")
        .order_by("family__name")
    )
    member_ids = {m.family_id for m in members}
    friendships = (
        Friendship.objects.filter(site_id=group.site_id, status=FriendshipStatus.RUNNING)
        .select_related("family", "child__family")
        .prefetch_related(Prefetch("child__family__guardians"))
        .order_by("family__name", "id")
    )
    candidates: dict[int, Candidate] = {}
    for friendship in friendships:
        if friendship.family_id in member_ids or friendship.family_id in candidates:
            continue
        candidates[friendship.family_id] = Candidate(
            family=friendship.family, friendship=friendship, situations=situations_of(friendship)
        )
    ordered = sorted(
        candidates.values(), key=lambda c: (group.situation not in c.situations, c.family.name)
    )
    return {
        "members": members,
        "candidates": ordered,
        "sessions": list(group.sessions.order_by("-starts_at")),
    }
