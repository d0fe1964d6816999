"""Scheduled jobs of the volunteers app."""

from __future__ import annotations

from datetime import time

from django_tasks import task

from hjemtilos.core.scheduler import daily_job
from hjemtilos.volunteers import services


@daily_job("volunteers.vetting_birthdays", at=time(6, 0))
@task()
def vetting_birthdays() -> dict[str, int]:
    """Members turning 12, 15 or 18 today get their new vetting requirements."""
    return services.vetting_birthdays_run()


@daily_job("volunteers.application_attempts_prune", at=time(3, 30))
@task()
def application_attempts_prune() -> int:
    """Forget the public application's rate-limit counts older than a day."""
    return services.application_attempts_prune()
