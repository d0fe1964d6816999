"""The surveys' daily jobs. Each is idempotent: running it twice does the work once (ADR 0054)."""

from __future__ import annotations

from datetime import time

from django_tasks import task

from hjemtilos.core.scheduler import daily_job
from hjemtilos.surveys.services import (
    invitation_reminders_send,
    invitations_expire,
    invitations_send,
)


@daily_job("surveys.invitations", at=time(10, 0))
@task()
def invitations() -> int:
    """Send the surveys due today: the baseline at the start, the end surveys at the end."""
    return invitations_send()


@daily_job("surveys.reminders", at=time(10, 15))
@task()
def reminders() -> int:
    """Close the links not answered in time, then remind after 7 and 14 days."""
    invitations_expire()
    return invitation_reminders_send()
