"""The foundation's own scheduled jobs: housekeeping, and tasks of dead workers run again.

Every other app owns its jobs in ``<app>/jobs.py``, imported by its
``AppConfig.ready`` (messages: ``messaging.jobs``; invitations: ``accounts.jobs``).
"""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from hjemtilos.core.models import ScheduledRun
from hjemtilos.core.scheduler import daily_job, periodic_job
from hjemtilos.core.workers import tasks_rescue_abandoned

TASK_RESULTS_KEPT = timedelta(days=30)
SCHEDULED_RUNS_KEPT = timedelta(days=90)


@daily_job("core.housekeeping", at=time(3, 0))
@task()
def housekeeping() -> dict[str, int]:
    """Delete finished task results and old scheduler rows."""
    now = timezone.now()
    results, _ = DBTaskResult.objects.filter(finished_at__lt=now - TASK_RESULTS_KEPT).delete()
    runs, _ = ScheduledRun.objects.filter(enqueued_at__lt=now - SCHEDULED_RUNS_KEPT).delete()
    return {"task_results": results, "scheduled_runs": runs}


@periodic_job("core.tasks_rescue", every=timedelta(minutes=1))
@task()
def tasks_rescue() -> dict[str, int]:
    """Put tasks left running by a worker that died back in the queue (``core.workers``)."""
    return tasks_rescue_abandoned()
