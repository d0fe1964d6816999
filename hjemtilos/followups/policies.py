"""Who has follow-up tasks and who may close them: staff of the task's site."""

from __future__ import annotations

from typing import Any

from hjemtilos.accounts.models import Role
from hjemtilos.accounts.policies import has_role
from hjemtilos.followups.models import FollowUpTask
from hjemtilos.organisations.selectors import site_ids_for_staff


def can_have_tasks(user: Any) -> bool:
    return has_role(user, Role.STAFF)


def can_complete_task(user: Any, task: FollowUpTask) -> bool:
    return has_role(user, Role.STAFF) and task.site_id in site_ids_for_staff(user)
