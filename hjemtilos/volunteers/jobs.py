"""Scheduled jobs of the volunteers app."""

from __future__ import annotations

from datetime import time

from django_tasks import task

from hjemtilos.core.scheduler import daily_job
from hjemtilos.volunteers.services import vetting_birthdays_run


@daily_job("volunteers.vetting_birthdays", at=time(6, 0))
@task()
def vetting_birthdays() -> dict[str, int]:
    """Members turning 12, 15 or 18 today get their new vetting requirements."""
    return vetting_birthdays_run()
