"""Writes for follow-up tasks. The site's plan template is in ``plans``, supervision
attendance in ``supervision``; applying the plan to a friendship and planning supervision
belong to ``friendships`` (ADR 0038)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import User
from hjemtilos.followups.models import FollowUpTask, FollowUpTaskAttempt
from hjemtilos.organisations.models import Site


def follow_up_task_create(
    *,
    site: Site,
    kind: str,
    title: str,
    due_on: date,
    owner: User | None,
    by: User | None,
    description: str = "",
    is_urgent: bool = False,
    dedupe_key: str = "",
    shown_to: str = "",
    family_title: str = "",
    **subject: models.Model | None,
) -> FollowUpTask:
    """A new open task at ``site``.

    ``subject`` says what it is about: ``referral=``, ``volunteer_family=``,
    ``friendship=``, ``concern=`` (several may be given) and, for the
    follow-up calendar, ``plan_item=``. With ``dedupe_key`` the task is
    created once: a second call with the same key returns the first task, so
    scheduled jobs may run twice safely.
    """
    values = {
        "site": site,
        "kind": kind,
        "title": title[:200],
        "description": description,
        "due_on": due_on,
        "owner": owner,
        "created_by": by,
        "is_urgent": is_urgent,
        "shown_to": shown_to,
        "family_title": family_title[:200],
        **subject,
    }
    if dedupe_key:
        task, _created = FollowUpTask.objects.get_or_create(dedupe_key=dedupe_key, defaults=values)
        return task
    return FollowUpTask.objects.create(**values)


@transaction.atomic
def follow_up_task_complete(*, task: FollowUpTask, by: User | None, outcome: str) -> FollowUpTask:
    """Mark ``task`` done with what came of it. A task is completed once."""
    task = FollowUpTask.objects.select_for_update().get(pk=task.pk)
    if not task.is_open:
        raise ValidationError(_("This task is already closed."), code="task_closed")
    task.completed_at = timezone.now()
    task.completed_by = by
    task.outcome = outcome.strip()
    task.save(update_fields=["completed_at", "completed_by", "outcome"])
    return task


@transaction.atomic
def follow_up_task_replan(
    *, task: FollowUpTask, by: User, due_on: date, note: str = ""
) -> FollowUpTask:
    """Record a try that did not close the task (a call with no answer) and plan it again."""
    task = FollowUpTask.objects.select_for_update().get(pk=task.pk)
    if not task.is_open:
        raise ValidationError(_("This task is already closed."), code="task_closed")
    if due_on < timezone.localdate():
        raise ValidationError(
            {"due_on": _("Choose today or a later day.")}, code="replan_in_the_past"
        )
    FollowUpTaskAttempt.objects.create(
        task=task,
        by=by,
        note=note.strip(),
        previous_due_on=task.due_on,
        new_due_on=due_on,
    )
    task.due_on = due_on
    task.save(update_fields=["due_on"])
    return task


def follow_up_tasks_complete_open(
    *, by: User | None, kind: str, outcome: str, **subject: Any
) -> int:
    """Complete the open tasks of ``kind`` about ``subject`` (the work was done another way)."""
    tasks = list(FollowUpTask.objects.open().filter(kind=kind, **subject))
    for task in tasks:
        follow_up_task_complete(task=task, by=by, outcome=outcome)
    return len(tasks)


def follow_up_tasks_move_open(*, kind: str, due_on: date, **subject: Any) -> int:
    """Give the open tasks of ``kind`` about ``subject`` a new deadline (the work got a date)."""
    tasks = list(FollowUpTask.objects.open().filter(kind=kind, **subject).exclude(due_on=due_on))
    for task in tasks:  # one by one, so each change reaches the audit log
        task.due_on = due_on
        task.save(update_fields=["due_on"])
    return len(tasks)


def follow_up_tasks_cancel_open(**subject: Any) -> int:
    """Cancel every open task about ``subject`` (e.g. a withdrawn referral)."""
    tasks = list(FollowUpTask.objects.open().filter(**subject))
    now = timezone.now()
    for task in tasks:  # one by one, so each change reaches the audit log
        task.cancelled_at = now
        task.save(update_fields=["cancelled_at"])
    return len(tasks)
