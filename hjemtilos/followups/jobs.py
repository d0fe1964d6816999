"""Scheduled jobs of the follow-up calendar."""

from __future__ import annotations

from datetime import time

from django_tasks import task

from hjemtilos.core.scheduler import daily_job


@daily_job("followups.supervision_planning", at=time(6, 45))
@task()
def supervision_planning() -> int:
    """Give each site a task to plan its next group supervision session when it is due."""
    from hjemtilos.followups.services.supervision import supervision_planning_run

    return supervision_planning_run()
