"""Safeguarding's scheduled jobs: overdue acknowledgements, and notifications to send again.

Both are idempotent: the overdue task is created once per notification (its
dedupe key), and a notification is claimed before it is sent.
"""

from __future__ import annotations

from datetime import time, timedelta

from django_tasks import task

from hjemtilos.core.scheduler import daily_job, periodic_job
from hjemtilos.safeguarding.services import (
    acknowledgements_overdue_run,
    notifications_requeue_due,
)


@daily_job("safeguarding.acknowledgements_overdue", at=time(7, 0))
@task()
def acknowledgements_overdue() -> int:
    """Give the advisory team a task for each notification not acknowledged in 6 working days."""
    return acknowledgements_overdue_run()


@periodic_job("safeguarding.notifications_requeue", every=timedelta(minutes=5))
@task()
def notifications_requeue() -> int:
    """Send notifications whose retry time has come (see ``services.notifications``)."""
    return notifications_requeue_due()
