"""Reads for concerns, notifications and inquiries, always through the policies' querysets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from hjemtilos.accounts.models import Role, User
from hjemtilos.core.access import fetch_or_refuse
from hjemtilos.friendships import policies as friendship_policies
from hjemtilos.friendships.models import Friendship
from hjemtilos.organisations.models import Municipality
from hjemtilos.safeguarding import policies
from hjemtilos.safeguarding.models import (
    CONCERN_OPEN_STATUSES,
    AdvisoryLead,
    AdvisoryTask,
    Concern,
    ConcernEvent,
    Inquiry,
    Notification,
)

# Concerns ------------------------------------------------------------------------

_CONCERN_PAGE = (
    "friendship__child__family__municipality",
    "friendship__site",
    "friendship__family",
    "friendship__contact_person",
    "contact_person",
    "reported_by",
    "logbook_entry",
)


def concern_list(*, user: User, status: str = "") -> QuerySet[Concern]:
    """The concerns ``user`` may see; "open" ones in the queue's order (most serious, then
    the oldest, first), others newest first."""
    qs = policies.visible_concerns(user).select_related(
        "friendship__child", "friendship__site", "contact_person"
    )
    if status == "open":
        return qs.filter(status__in=CONCERN_OPEN_STATUSES).order_by(
            "-severity", "reported_at", "id"
        )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-reported_at", "-id")


def open_concerns_count(user: User) -> int:
    """The menu's count: the open concerns the user may see (the queue's "open")."""
    return policies.visible_concerns(user).filter(status__in=CONCERN_OPEN_STATUSES).count()


def advisory_tasks_open() -> list[AdvisoryTask]:
    """The advisory team's open tasks, oldest due first."""
    return list(
        AdvisoryTask.objects.filter(completed_at__isnull=True)
        .select_related("concern__friendship__child", "notification__municipality")
        .order_by("due_on", "id")
    )


def _concern(
    user: User, pk: int, allowed: Callable[[User, Concern], bool] | None = None
) -> Concern:
    return fetch_or_refuse(
        Concern.objects.select_related(*_CONCERN_PAGE),
        user=user,
        pk=pk,
        page=policies.can_list_concerns,
        visible=policies.can_view_concern,
        allowed=allowed,
    )


def concern_for_user_or_404(*, user: User, pk: int) -> Concern:
    """A concern for its page: the advisory team and the staff on the case.

    Other roles (administrators included) get 403; a concern the staff member
    is not on is a 404 (staff of another site, or a colleague at the same
    one, do not learn it exists).
    """
    return _concern(user, pk)


def concern_for_assessing_or_404(*, user: User, pk: int) -> Concern:
    """A concern the advisory team assesses (403 for anyone else, or in a status that
    takes no assessment)."""
    return _concern(user, pk, policies.can_assess)


def concern_for_running_or_404(*, user: User, pk: int) -> Concern:
    """A concern the advisory team moves on (the steps, the notification, closing)."""
    return _concern(user, pk, policies.can_run_concern)


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
        friendships.select_related("child__family__municipality", "family", "contact_person"),
        user=user,
        pk=pk,
        allowed=policies.can_raise_concern,
    )


@dataclass
class TimelineEntry:
    """One line of the timeline, numbered, with the lines that correct it."""

    number: int
    event: ConcernEvent
    corrected_by: list[int] = field(default_factory=list)
    corrects: int | None = None


def concern_timeline(concern: Concern) -> list[TimelineEntry]:
    """Every step of the concern in order, numbered from 1, corrections linked both ways."""
    events = list(
        concern.events.select_related(
            "by", "assessment__decided_by", "notification__municipality"
        ).order_by("at", "id")
    )
    entries = [TimelineEntry(number=i, event=e) for i, e in enumerate(events, start=1)]
    by_id = {entry.event.pk: entry for entry in entries}
    for entry in entries:
        target = by_id.get(entry.event.corrects_id) if entry.event.corrects_id else None
        if target is not None:
            entry.corrects = target.number
            target.corrected_by.append(entry.number)
    return entries


def concern_notifications(concern: Concern) -> list[Notification]:
    return list(concern.notifications.select_related("municipality").order_by("written_at", "id"))


def concerns_for_friendship(*, user: User, friendship: Friendship) -> list[Concern]:
    return list(
        policies.visible_concerns(user)
        .filter(friendship=friendship)
        .select_related("reported_by")
        .order_by("-reported_at")
    )


def advisory_members() -> list[User]:
    """Who may be named as having decided an assessment: the active advisory team."""
    return list(User.objects.filter(role=Role.ADVISORY, is_active=True).order_by("first_name"))


# Notifications ---------------------------------------------------------------------

_NOTIFICATION_PAGE = (
    "concern__friendship__child__family__municipality",
    "concern__friendship__contact_person",
    "concern__friendship__site",
    "concern__contact_person",
    "assessment",
    "municipality",
    "written_by",
    "sent_by",
    "acknowledgement_recorded_by",
)


def _notification(
    user: User, pk: int, allowed: Callable[[User, Notification], bool] | None = None
) -> Notification:
    return fetch_or_refuse(
        Notification.objects.select_related(*_NOTIFICATION_PAGE),
        user=user,
        pk=pk,
        page=policies.can_list_concerns,
        visible=policies.can_view_notification,
        allowed=allowed,
    )


def notification_for_user_or_404(*, user: User, pk: int) -> Notification:
    """A notification for its page and its PDF: whoever may see the concern."""
    return _notification(user, pk)


def notification_for_editing_or_404(*, user: User, pk: int) -> Notification:
    return _notification(user, pk, policies.can_edit_notification)


def notification_for_sending_or_404(*, user: User, pk: int) -> Notification:
    return _notification(user, pk, policies.can_send_notification)


def notification_for_acknowledging_or_404(*, user: User, pk: int) -> Notification:
    return _notification(user, pk, policies.can_acknowledge)


# The advisory lead ----------------------------------------------------------------


@dataclass(frozen=True)
class Read:
    """One time someone opened a concern or its notification."""

    at: Any
    reader: User | None
    is_notification: bool
    concern: Concern | None


def concern_reads(*, concern: Concern | None = None) -> QuerySet[LogEntry]:
    """The audit log's record of concern and notification pages opened, newest first."""
    types = ContentType.objects.get_for_models(Concern, Notification)
    concern_type, notification_type = types[Concern], types[Notification]
    entries: QuerySet[LogEntry] = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, content_type__in=[concern_type, notification_type]
    )
    if concern is not None:
        notification_ids = [str(pk) for pk in concern.notifications.values_list("pk", flat=True)]
        entries = entries.filter(
            Q(content_type=concern_type, object_pk=str(concern.pk))
            | Q(content_type=notification_type, object_pk__in=notification_ids)
        )
    return entries.select_related("actor").order_by("-timestamp", "-id")


def reads_resolved(entries: list[LogEntry]) -> list[Read]:
    """The page of log entries with the concern each is about (two queries, whatever the page)."""
    types = ContentType.objects.get_for_models(Concern, Notification)
    notification_pks = [
        int(e.object_pk) for e in entries if e.content_type_id == types[Notification].pk
    ]
    to_concern = dict(
        Notification.objects.filter(pk__in=notification_pks).values_list("pk", "concern_id")
    )

    def concern_pk(entry: LogEntry) -> int | None:
        if entry.content_type_id == types[Concern].pk:
            return int(entry.object_pk)
        return to_concern.get(int(entry.object_pk))

    concerns = Concern.objects.select_related("friendship__child").in_bulk(
        [pk for pk in map(concern_pk, entries) if pk is not None]
    )
    reads = []
    for entry in entries:
        is_concern = entry.content_type_id == types[Concern].pk
        pk = concern_pk(entry)
        reads.append(
            Read(
                at=entry.timestamp,
                reader=entry.actor,
                is_notification=not is_concern,
                concern=concerns.get(pk) if pk is not None else None,
            )
        )
    return reads


def advisory_team_with_leads() -> list[tuple[User, bool]]:
    """Every advisory user (active first) and whether they lead the team."""
    leads = set(AdvisoryLead.objects.values_list("user_id", flat=True))
    users = User.objects.filter(role=Role.ADVISORY).order_by("-is_active", "first_name", "id")
    return [(user, user.pk in leads) for user in users]


def municipalities(*, query: str = "") -> QuerySet[Municipality]:
    qs = Municipality.objects.order_by("name")
    if query:
        qs = qs.filter(name__icontains=query)
    return qs


def municipality_for_editing_or_404(*, user: User, pk: int) -> Municipality:
    return fetch_or_refuse(
        Municipality.objects.all(),
        user=user,
        pk=pk,
        page=policies.can_edit_municipality_contacts,
    )


# Inquiries --------------------------------------------------------------------------


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
