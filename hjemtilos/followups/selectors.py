"""Reads for follow-up tasks, shaped for "my tasks" and the referral page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from hjemtilos.followups.models import FollowUpTask


def my_tasks(*, user: Any, limit: int = 200) -> dict[str, list[FollowUpTask]]:
    """The user's open tasks: overdue, due this week (to Sunday), later. One query."""
    today = timezone.localdate()
    end_of_week = today + timedelta(days=6 - today.weekday())
    tasks = (
        FollowUpTask.objects.open()
        .filter(owner=user)
        .select_related("site", "referral__child")
        .order_by("due_on", "id")[:limit]
    )
    groups: dict[str, list[FollowUpTask]] = {"overdue": [], "this_week": [], "later": []}
    for task in tasks:
        if task.due_on < today:
            groups["overdue"].append(task)
        elif task.due_on <= end_of_week:
            groups["this_week"].append(task)
        else:
            groups["later"].append(task)
    return groups


def tasks_for_referral(*, referral_id: int) -> QuerySet[FollowUpTask]:
    return (
        FollowUpTask.objects.filter(referral_id=referral_id)
        .select_related("owner", "completed_by")
        .order_by("completed_at", "due_on", "id")
    )
