"""Group supervision: every N months per site, invitations by e-mail, attendance."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse
from django.utils import timezone

from hjemtilos.core.testing import get_page
from hjemtilos.demo.builders import (
    build_planned_friendship,
    build_referral,
    build_volunteer_family,
)
from hjemtilos.followups.models import FollowUpKind, FollowUpTask, SupervisionSession
from hjemtilos.friendships.services.supervision import (
    supervision_planning_run,
    supervision_session_create,
)
from hjemtilos.messaging.models import Message

CPH = ZoneInfo("Europe/Copenhagen")


def test_a_session_invites_every_family_in_a_running_friendship(
    login, staff, volunteer, befriended, site, caseworker
):
    # A family whose friendship has not started yet is not invited.
    build_planned_friendship(
        referral=build_referral(site=site, caseworker=caseworker, first_name="Ida"),
        family=build_volunteer_family(site=site, name="Familien Holt"),
        by=staff,
    )
    day = timezone.localdate() + timedelta(days=14)
    response = login(staff).post(
        reverse("friendships:supervision"),
        {
            "site": befriended.site_id,
            "day": day.isoformat(),
            "time": "19:30",
            "duration_minutes": 90,
            "meeting_url": "https://meet.example.org/sparring",
            "topic": "Gaver og søskende",
        },
    )
    assert response.status_code == 302
    session = SupervisionSession.objects.get()
    assert list(session.invitations.values_list("family_id", flat=True)) == [befriended.family_id]
    mail = Message.objects.get(template="supervision_invitation", to_address=volunteer.email)
    assert "https://meet.example.org/sparring" in mail.body and "19:30" in mail.body
    url = reverse("friendships:portal", args=[befriended.pk])
    portal = get_page(login(volunteer), url, queries=13, name="the portal with an invitation")
    assert "Sparring online kl. 19:30" in portal.text


def test_attendance_is_recorded_after_the_session(login, staff, befriended):
    starts = timezone.now() + timedelta(days=1)
    session = supervision_session_create(
        site=befriended.site, starts_at=starts, meeting_url="https://meet.example.org/x", by=staff
    )
    with time_machine.travel(starts + timedelta(hours=2)):
        response = login(staff).post(
            reverse("followups:supervision_detail", args=[session.pk]),
            {"attended": [befriended.family_id]},
        )
    assert response.status_code == 302
    assert session.invitations.get().attended is True


def test_the_site_gets_a_task_to_plan_the_next_session_once(staff, befriended, site):
    site.supervision_interval_months = 3
    site.save()
    SupervisionSession.objects.create(
        site=site,
        starts_at=timezone.now() - timedelta(days=80),
        meeting_url="https://meet.example.org/x",
        created_by=staff,
    )
    assert supervision_planning_run() == 1  # due in ~10 days: within three weeks
    assert supervision_planning_run() == 0
    task = FollowUpTask.objects.get(kind=FollowUpKind.SUPERVISION)
    assert task.owner == staff and "3" in task.description
    later = datetime.combine(timezone.localdate() + timedelta(days=1), time(7), tzinfo=CPH)
    with time_machine.travel(later, tick=False):
        assert supervision_planning_run() == 0


def test_no_task_while_a_session_is_planned_ahead(staff, befriended, site):
    SupervisionSession.objects.create(
        site=site,
        starts_at=timezone.now() + timedelta(days=5),
        meeting_url="https://meet.example.org/x",
        created_by=staff,
    )
    assert supervision_planning_run() == 0
