"""Bookkeeping for scheduled jobs."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class ScheduledRun(models.Model):
    """One run of a scheduled job for one period (a day, or a slot of minutes).

    The unique constraint is the lock: when schedulers on several machines
    reach the same job at the same time, one insert wins and the others skip.
    """

    job_name = models.CharField(max_length=100)
    run_key = models.CharField(max_length=40)
    enqueued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job_name", "run_key"], name="one_run_per_job_period")
        ]
        indexes = [models.Index(fields=["enqueued_at"])]

    def __str__(self) -> str:
        return f"{self.job_name} {self.run_key}"
