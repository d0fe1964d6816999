"""The messaging app's scheduled job: sending messages whose retry time has come."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from hjemtilos.core.scheduler import periodic_job
from hjemtilos.messaging.tasks import messages_requeue_due


# Every minute: the first retry comes a minute after a failure (BACKOFF_MINUTES).
@periodic_job("messaging.requeue_due", every=timedelta(minutes=1))
@task()
def requeue_due_messages() -> int:
    """Send messages whose retry time has come (see ``messaging.tasks``)."""
    return messages_requeue_due()
