"""The scheduler: daily and periodic jobs, run once per period across all machines.

Apps register jobs in their ``AppConfig.ready``::

    from hjemtilos.core.scheduler import daily_job
    daily_job("volunteers.certificate_birthdays", at=time(6, 0))(my_task)

where ``my_task`` is a django-tasks task taking no arguments. ``run_due_jobs``
claims each due period with a ``ScheduledRun`` row (unique per job and
period) and enqueues the task, so the work itself runs in the workers and no
period runs twice, however many schedulers are started.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from hjemtilos.core.models import ScheduledRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    task: Any  # a django_tasks Task
    at: time | None = None  # daily jobs: local time of day
    every: timedelta | None = None  # periodic jobs

    def run_key(self, now: datetime) -> str | None:
        """The period ``now`` falls in, or None if the job is not due yet today."""
        local = timezone.localtime(now)
        if self.at is not None:
            if local.time() < self.at:
                return None
            return local.date().isoformat()
        seconds = int((self.every or timedelta(days=1)).total_seconds())
        slot = int(now.timestamp()) // seconds
        return f"every{seconds}:{slot}"


_JOBS: dict[str, Job] = {}


def daily_job(name: str, *, at: time) -> Callable[[Any], Any]:
    """Register a task to run once a day, at or after ``at`` (Europe/Copenhagen)."""

    def register(task: Any) -> Any:
        _JOBS[name] = Job(name=name, task=task, at=at)
        return task

    return register


def periodic_job(name: str, *, every: timedelta) -> Callable[[Any], Any]:
    """Register a task to run once in every period of length ``every``."""

    def register(task: Any) -> Any:
        _JOBS[name] = Job(name=name, task=task, every=every)
        return task

    return register


def registered_jobs() -> list[Job]:
    return sorted(_JOBS.values(), key=lambda job: job.name)


def run_due_jobs(now: datetime | None = None) -> list[str]:
    """Enqueue every job whose current period has not run yet. Returns the names enqueued."""
    now = now or timezone.now()
    enqueued = []
    for job in registered_jobs():
        key = job.run_key(now)
        if key is None:
            continue
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(job_name=job.name, run_key=key, enqueued_at=now)
                job.task.enqueue()
        except IntegrityError:
            continue  # another scheduler (or an earlier pass) has this period
        logger.info("Enqueued scheduled job %s (%s)", job.name, key)
        enqueued.append(job.name)
    return enqueued
