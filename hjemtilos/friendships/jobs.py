"""The friendship year's scheduled jobs. Each is idempotent: running it twice does the work once."""

from __future__ import annotations

from datetime import time

from django_tasks import task

from hjemtilos.core.scheduler import daily_job
from hjemtilos.friendships.services.attention import attention_tasks_run
from hjemtilos.friendships.services.ending import anniversaries_run, deletion_reminders_send
from hjemtilos.friendships.services.supervision import supervision_planning_run
from hjemtilos.friendships.services.visits import visit_reminders_send


@daily_job("friendships.anniversaries", at=time(6, 0))
@task()
def anniversaries() -> int:
    """Close the friendships whose anniversary has come (farewell, access, deletion)."""
    return anniversaries_run()


@daily_job("friendships.attention", at=time(6, 30))
@task()
def attention() -> int:
    """Give the contact person a task when visits are cancelled in a row or stop."""
    return attention_tasks_run()


@daily_job("friendships.supervision_planning", at=time(6, 45))
@task()
def supervision_planning() -> int:
    """Give each site a task to plan its next group supervision session when it is due."""
    return supervision_planning_run()


@daily_job("friendships.deletion_reminders", at=time(9, 0))
@task()
def deletion_reminders() -> int:
    """Remind families who have not confirmed deletion after 14 days (once)."""
    return deletion_reminders_send()


@daily_job("friendships.visit_reminders", at=time(16, 0))
@task()
def visit_reminders() -> int:
    """Remind the parents of tomorrow's visits by SMS (once per visit)."""
    return visit_reminders_send()
