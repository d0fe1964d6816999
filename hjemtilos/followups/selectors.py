"""Reads for follow-up tasks, the plan template and supervision. Fixed query counts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from hjemtilos.accounts.models import User
from hjemtilos.core.access import fetch_or_refuse
from hjemtilos.followups import policies
from hjemtilos.followups.models import (
    FollowUpTask,
    FollowUpTaskAttempt,
    PlanTemplateItem,
    SupervisionInvitation,
    SupervisionSession,
)
from hjemtilos.organisations.models import Site
from hjemtilos.organisations.selectors import site_ids_for_staff

_SUBJECTS = (
    "site",
    "referral__child",
    "friendship__child",
    "volunteer_family",
    # The link to a concern is shown only to the staff on it (the friendship's contact person).
    "concern__friendship",
)


def open_tasks(*, user: User) -> QuerySet[FollowUpTask]:
    """The user's open tasks, urgent first, then by due day (what "my tasks" pages through)."""
    return (
        FollowUpTask.objects.open()
        .filter(owner=user)
        .select_related(*_SUBJECTS)
        .annotate(attempt_count=_attempt_count())
        .order_by("-is_urgent", "due_on", "id")
    )


def _attempt_count() -> Coalesce:
    """A task's tries so far, as a subquery per task shown.

    Not ``Count("attempts")``: its GROUP BY over every joined subject made PostgreSQL
    join and group all of a person's open tasks before it could take the first page
    (110 ms for 1,300 tasks on the national dataset, against a few ms for a page).
    """
    tries = (
        FollowUpTaskAttempt.objects.filter(task=OuterRef("pk"))
        .order_by()
        .values("task")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(tries, output_field=IntegerField()), 0)


def group_tasks(tasks: Iterable[FollowUpTask]) -> dict[str, list[FollowUpTask]]:
    """Tasks by when they are due: urgent, overdue, due this week (to Sunday), later."""
    today = timezone.localdate()
    end_of_week = today + timedelta(days=6 - today.weekday())
    groups: dict[str, list[FollowUpTask]] = {
        "urgent": [],
        "overdue": [],
        "this_week": [],
        "later": [],
    }
    for task in tasks:
        if task.is_urgent:
            groups["urgent"].append(task)
        elif task.due_on < today:
            groups["overdue"].append(task)
        elif task.due_on <= end_of_week:
            groups["this_week"].append(task)
        else:
            groups["later"].append(task)
    return groups


def tasks_due_count(user: User) -> int:
    """The menu's count: the user's open tasks due today or overdue (urgent ones too)."""
    today = timezone.localdate()
    return (
        FollowUpTask.objects.open()
        .filter(owner=user)
        .filter(Q(due_on__lte=today) | Q(is_urgent=True))
        .count()
    )


def task_for_staff_or_404(*, user: User, pk: int) -> FollowUpTask:
    """A task that staff of its site complete or plan again; anyone else gets 404."""
    tasks = FollowUpTask.objects.all()
    return fetch_or_refuse(tasks, user=user, pk=pk, visible=policies.can_complete_task)


def site_for_plan_or_404(*, user: User, pk: int) -> Site:
    """A site whose follow-up plan template the staff member edits; anyone else gets 404."""
    return fetch_or_refuse(Site.objects.all(), user=user, pk=pk, visible=policies.can_edit_plan)


def plan_item_for_staff_or_404(*, user: User, pk: int) -> PlanTemplateItem:
    """A step of a site's plan template, for staff of the site; anyone else gets 404."""
    items = PlanTemplateItem.objects.select_related("site")
    return fetch_or_refuse(items, user=user, pk=pk, visible=policies.can_edit_plan_item)


def supervision_session_for_staff_or_404(*, user: User, pk: int) -> SupervisionSession:
    """A group supervision session, for staff of its site; anyone else gets 404."""
    sessions = SupervisionSession.objects.select_related("site")
    return fetch_or_refuse(sessions, user=user, pk=pk, visible=policies.can_run_session)


# Open tasks (not completed, not cancelled) first by date, then the closed ones. NULLs
# first by hand: PostgreSQL sorts them last in ascending order, SQLite first.
OPEN_FIRST = (
    F("completed_at").asc(nulls_first=True),
    F("cancelled_at").asc(nulls_first=True),
    "due_on",
    "id",
)


def tasks_for_referral(*, referral_id: int) -> QuerySet[FollowUpTask]:
    """A referral's tasks for its page: open first by date, then the closed ones."""
    return (
        FollowUpTask.objects.filter(referral_id=referral_id)
        .select_related("owner", "completed_by")
        .order_by(*OPEN_FIRST)
    )


def tasks_for_family(*, family_id: int, limit: int = 20) -> list[FollowUpTask]:
    """A volunteer family's latest tasks for its page: open first by date, then closed ones."""
    return list(
        FollowUpTask.objects.filter(volunteer_family_id=family_id)
        .select_related("owner")
        .order_by(*OPEN_FIRST)[:limit]
    )


def overdue_at_lead_sites(*, site_ids: set[int]) -> QuerySet[FollowUpTask]:
    """Everyone's overdue open tasks at the lead's sites, by owner then date.

    Not a concern's task: a concern is seen only by the staff on the case (SPEC 5); the
    advisory team's queue holds it whatever the contact person does.
    """
    return (
        FollowUpTask.objects.open()
        .filter(site_id__in=site_ids, due_on__lt=timezone.localdate(), concern__isnull=True)
        .select_related("owner", *_SUBJECTS)
        .annotate(attempt_count=Count("attempts"))
        .order_by("owner__first_name", "owner__last_name", "owner_id", "due_on", "id")
    )


def plan_items(*, site_id: int) -> QuerySet[PlanTemplateItem]:
    return PlanTemplateItem.objects.filter(site_id=site_id).order_by("-is_active", "position", "id")


def supervision_sessions(*, user: User) -> QuerySet[SupervisionSession]:
    return (
        SupervisionSession.objects.filter(site_id__in=site_ids_for_staff(user))
        .select_related("site")
        .annotate(
            invited=Count("invitations"),
            came=Count("invitations", filter=Q(invitations__attended=True)),
        )
        .order_by("-starts_at")
    )


def session_invitations(session: SupervisionSession) -> list[SupervisionInvitation]:
    return list(session.invitations.select_related("family").order_by("family__name"))
