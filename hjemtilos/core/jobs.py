"""The foundation's own scheduled jobs: message retries and housekeeping."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone
from django_tasks import task

from hjemtilos.core.scheduler import daily_job, periodic_job

TASK_RESULTS_KEPT = timedelta(days=30)
SCHEDULED_RUNS_KEPT = timedelta(days=90)
INVITATIONS_KEPT = timedelta(days=30)


@periodic_job("messaging.requeue_due", every=timedelta(minutes=5))
@task()
def requeue_due_messages() -> int:
    """Send messages whose retry time has come (see ``messaging.tasks``)."""
    from hjemtilos.messaging.tasks import messages_requeue_due

    return messages_requeue_due()


@daily_job("core.housekeeping", at=time(3, 0))
@task()
def housekeeping() -> dict[str, int]:
    """Delete finished task results, old scheduler rows and long-dead invitations."""
    from django_tasks_db.models import DBTaskResult

    from hjemtilos.accounts.models import Invitation
    from hjemtilos.core.models import ScheduledRun

    now = timezone.now()
    results, _ = DBTaskResult.objects.filter(finished_at__lt=now - TASK_RESULTS_KEPT).delete()
    runs, _ = ScheduledRun.objects.filter(enqueued_at__lt=now - SCHEDULED_RUNS_KEPT).delete()
    # An invitation's token is useless once expired or revoked; keep the row a
    # while so staff can see that it was sent, then remove it.
    invitations, _ = Invitation.objects.filter(
        accepted_at__isnull=True, expires_at__lt=now - INVITATIONS_KEPT
    ).delete()
    return {"task_results": results, "scheduled_runs": runs, "invitations": invitations}
