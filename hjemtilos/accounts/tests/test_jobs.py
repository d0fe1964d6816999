"""The accounts app's scheduled job: invitations that died long ago are removed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hjemtilos.accounts import services
from hjemtilos.accounts.jobs import invitation_cleanup
from hjemtilos.accounts.models import Invitation, Role
from hjemtilos.core.scheduler import registered_jobs


@pytest.mark.django_db
def test_dead_invitations_are_removed_but_recent_ones_kept(staff):
    services.user_invite(
        invited_by=staff, email="old@example.org", first_name="O", role=Role.PARENT
    )
    services.user_invite(
        invited_by=staff, email="new@example.org", first_name="N", role=Role.PARENT
    )
    Invitation.objects.filter(user__email="old@example.org").update(
        expires_at=timezone.now() - timedelta(days=45)
    )
    assert invitation_cleanup.call() == 1
    assert list(Invitation.objects.values_list("user__email", flat=True)) == ["new@example.org"]


def test_the_clean_up_is_scheduled_daily():
    (job,) = [job for job in registered_jobs() if job.name == "accounts.invitation_cleanup"]
    assert job.task is invitation_cleanup and job.at is not None
