"""The follow-up tasks' own scheduled jobs. Each is idempotent (a task per key, once)."""

from __future__ import annotations

from datetime import time

from django_tasks import task

from hjemtilos.core.scheduler import daily_job
from hjemtilos.followups.rights import rights_request_tasks_create


@daily_job("followups.rights_requests", at=time(6, 30))
@task()
def rights_requests() -> int:
    """Tasks for data subjects' requests near or past their 30-day deadline."""
    return rights_request_tasks_create()
