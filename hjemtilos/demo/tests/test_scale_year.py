"""The national friendship year, run small: topped up, filled in, and the daily jobs run."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from hjemtilos.core.dates import years_before
from hjemtilos.demo.scale import ScaleDataExistsError, generate_national
from hjemtilos.demo.scale_year import generate_friendship_year
from hjemtilos.followups.models import FollowUpTask
from hjemtilos.followups.services.plans import DEFAULT_PLAN
from hjemtilos.friendships.dates import anniversary_of
from hjemtilos.friendships.models import Friendship, FriendshipStatus, Visit, VisitAgreement
from hjemtilos.friendships.services.ending import anniversaries_run
from hjemtilos.friendships.services.visits import visit_reminders_send

pytestmark = pytest.mark.usefixtures("reference_data")

SMALL: dict[str, Any] = {"sites": 3, "children": 120, "families": 90, "visits_and_entries": 3000}


def test_running_friendships_are_topped_up_and_filled_in():
    generate_national(**SMALL)
    counts = generate_friendship_year(running=400)
    running = Friendship.objects.filter(status=FriendshipStatus.RUNNING)
    assert running.count() == 400 and counts["friendships_topped_up"] > 0
    assert VisitAgreement.objects.count() == 400
    assert not running.filter(anniversary_on__isnull=True).exists()
    assert FollowUpTask.objects.count() == 400 * len(DEFAULT_PLAN)
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert Visit.objects.filter(date=tomorrow, status="planned").count() > 20
    # The first friendship started a year ago to the day: its anniversary is today (on
    # 29 February, which no first anniversary falls on, yesterday; the job catches it up).
    year_ago = years_before(timezone.localdate(), 1)
    assert running.filter(started_on=year_ago, anniversary_on=anniversary_of(year_ago)).exists()
    with pytest.raises(ScaleDataExistsError):
        generate_friendship_year(running=400)
    # The daily jobs do their work once.
    assert visit_reminders_send() > 20
    assert visit_reminders_send() == 0
    assert anniversaries_run() > 0
    assert anniversaries_run() == 0
