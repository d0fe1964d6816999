"""The accounts app's scheduled jobs: removing long-dead invitations and old throttle counts."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone
from django_tasks import task

from hjemtilos.accounts import services
from hjemtilos.accounts.models import Invitation
from hjemtilos.core.scheduler import daily_job

INVITATIONS_KEPT = timedelta(days=30)


@daily_job("accounts.invitation_cleanup", at=time(3, 0))
@task()
def invitation_cleanup() -> int:
    """Delete invitations that expired more than ``INVITATIONS_KEPT`` ago and were never used.

    An invitation's token is useless once expired or revoked; the row is kept a
    while so staff can see that it was sent, then removed.
    """
    deleted, _ = Invitation.objects.filter(
        accepted_at__isnull=True, expires_at__lt=timezone.now() - INVITATIONS_KEPT
    ).delete()
    return deleted


@daily_job("accounts.throttle_prune", at=time(3, 10))
@task()
def throttle_prune() -> int:
    """Forget counted password-reset requests older than a day; returns how many."""
    return services.throttle_prune()
