"""Individual support for volunteer families: follow-up conversations, "ring til os", the
psychologist talk (the contact person and the advisory team only), joint outings and
events with sign-ups and attendance, and supervision groups by situation."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hjemtilos.accounts.models import Role
from hjemtilos.conftest import make_user
from hjemtilos.demo.builders import build_friendship, build_referral, build_volunteer_family
from hjemtilos.followups.models import FollowUpKind, FollowUpTask, SupervisionInvitation
from hjemtilos.messaging.models import Message
from hjemtilos.organisations.models import SiteMembership
from hjemtilos.support.models import (
    JointEvent,
    JointEventInvitation,
    PsychologistConversation,
    PsychologistStatus,
    SupportConversation,
)
from hjemtilos.support.services import (
    call_request_create,
    joint_event_create,
    supervision_group_create,
    supervision_group_members_add,
    supervision_group_session_plan,
)


@pytest.fixture
def colleague(site):
    """Staff of the same site who is not the friendship's contact person."""
    user = make_user(Role.STAFF, "colleague@example.org", "Karin")
    SiteMembership.objects.create(site=site, user=user)
    return user


def test_the_psychologist_talk_is_seen_by_the_contact_person_and_the_advisory_team_only(
    login,
    befriended,
    staff,
    advisory,
    colleague,
    other_staff,
    volunteer,
    parent,
    caseworker,
    administrator,
):
    client = login(staff)
    response = client.post(
        reverse("support:psychologist", args=[befriended.pk]),
        {"reason": "Familien er presset af barnets uro."},
    )
    assert response.status_code == 302
    talk = PsychologistConversation.objects.get(friendship=befriended)
    assert talk.status == PsychologistStatus.OFFERED
    urls = [
        reverse("support:psychologist", args=[befriended.pk]),
        reverse("support:psychologist_talk", args=[talk.pk]),
    ]
    for user in (staff, advisory):
        for url in urls:
            page = login(user).get(url)
            assert page.status_code == 200
        assert "barnets uro" in login(user).get(urls[1]).text
    for user in (colleague, other_staff, volunteer, parent, caseworker, administrator):
        for url in urls:
            assert login(user).get(url).status_code in (403, 404), (user, url)
    # Staff of the site who are not the contact person read the friendship's page
    # without a trace of the talk, and it is in no task list.
    detail = login(colleague).get(reverse("friendships:detail", args=[befriended.pk]))
    assert detail.status_code == 200
    assert urls[0] not in detail.text
    assert urls[0] in login(staff).get(reverse("friendships:detail", args=[befriended.pk])).text
    assert not FollowUpTask.objects.filter(friendship=befriended, title__icontains="psyk").exists()

    # The contact person books it, and records that it was held.
    day = timezone.localdate() + timedelta(days=7)
    booked = client.post(
        urls[1], {"to_status": "booked", "booked_day": day.isoformat(), "booked_time": "10:00"}
    )
    assert booked.status_code == 302
    held = client.post(urls[1], {"to_status": "held"})
    assert held.status_code == 302
    talk.refresh_from_db()
    assert talk.status == PsychologistStatus.HELD
    assert timezone.localtime(talk.booked_for).date() == day
    assert [e.to_status for e in talk.events.order_by("at", "id")] == ["offered", "booked", "held"]


def test_a_follow_up_conversation_is_recorded_and_its_next_step_becomes_a_task(
    login, befriended, staff, advisory, caseworker
):
    response = login(staff).post(
        reverse("support:conversation_add", args=[befriended.pk]),
        {
            "held_on": timezone.localdate().isoformat(),
            "with_whom": "Mette og Lars",
            "channel": "phone",
            "topic": "Emma bliver urolig, når hun skal hjem.",
            "next_step": "Ring igen efter næste besøg",
            "next_step_on": (timezone.localdate() + timedelta(days=7)).isoformat(),
        },
    )
    assert response.status_code == 302
    conversation = SupportConversation.objects.get(friendship=befriended)
    task = conversation.next_step_task
    assert task is not None
    assert task.kind == FollowUpKind.SUPPORT_NEXT_STEP
    assert task.owner == staff
    # The task names no topic: the whole site reads the task list.
    assert "urolig" not in task.title + task.description
    for user in (staff, advisory):
        page = login(user).get(reverse("friendships:detail", args=[befriended.pk]))
        assert "Emma bliver urolig" in page.text
    assert login(caseworker).get(
        reverse("support:conversation_add", args=[befriended.pk])
    ).status_code in (403, 404)


def test_a_conversation_without_a_topic_is_refused_and_keeps_what_was_typed(
    login, befriended, staff
):
    response = login(staff).post(
        reverse("support:conversation_add", args=[befriended.pk]),
        {"held_on": timezone.localdate().isoformat(), "with_whom": "Mette", "channel": "phone"},
    )
    assert response.status_code == 400
    assert "Mette" in response.text
    assert not SupportConversation.objects.exists()


def test_ring_til_os_becomes_a_task_for_the_contact_person(
    login, befriended, staff, volunteer, parent
):
    portal = login(volunteer).get(reverse("friendships:portal", args=[befriended.pk]))
    assert reverse("support:call_request", args=[befriended.pk]) in portal.text
    response = login(volunteer).post(
        reverse("support:call_request", args=[befriended.pk]),
        {"when": "Hverdage efter 16", "note": "Om Emmas uro"},
    )
    assert response.status_code == 302
    task = FollowUpTask.objects.get(kind=FollowUpKind.CALL_REQUEST)
    assert task.owner == staff
    assert "Hverdage efter 16" in task.description
    # One open request per family; the parent asks on its own.
    with pytest.raises(ValidationError):
        call_request_create(friendship=befriended, side="volunteer_family", by=volunteer)
    again = login(volunteer).get(reverse("support:call_request", args=[befriended.pk]))
    assert "I har bedt os ringe" in again.text
    call_request_create(friendship=befriended, side="child_family", by=parent)
    assert FollowUpTask.objects.filter(kind=FollowUpKind.CALL_REQUEST).count() == 2


def test_a_joint_outing_invites_the_families_who_sign_up_and_come(
    login, befriended, staff, volunteer, smtp_server
):
    starts = timezone.now() + timedelta(days=14)
    event = joint_event_create(
        site=befriended.site,
        by=staff,
        kind="outing",
        title="En dag i Zoologisk Have",
        starts_at=starts,
        place="Zoologisk Have",
        children_welcome=True,
    )
    invitation = JointEventInvitation.objects.get(event=event)
    assert invitation.family == befriended.family
    assert Message.objects.filter(template="joint_event_invitation").exists()

    client = login(volunteer)
    assert "En dag i Zoologisk Have" in client.get(reverse("support:my_events")).text
    too_many = client.post(
        reverse("support:event_answer", args=[invitation.pk]),
        {"answer": "yes", "adults": "8", "children": "6"},
    )
    assert too_many.status_code == 400
    response = client.post(
        reverse("support:event_answer", args=[invitation.pk]),
        {"answer": "yes", "adults": "2", "children": "2"},
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert (invitation.answer, invitation.adults, invitation.children) == ("yes", 2, 2)

    staff_client = login(staff)
    page = staff_client.get(reverse("support:event", args=[event.pk])).text
    assert befriended.family.name in page
    # Before the day, attendance cannot be recorded.
    early = staff_client.post(
        reverse("support:event", args=[event.pk]), {"attended": [befriended.family.pk]}
    )
    assert "Fremmøde registreres, når arrangementet er begyndt." in early.text
    invitation.refresh_from_db()
    assert invitation.attended is None
    # The day has come (the event moved to this morning).
    JointEvent.objects.filter(pk=event.pk).update(starts_at=timezone.now() - timedelta(hours=3))
    saved = staff_client.post(
        reverse("support:event", args=[event.pk]), {"attended": [befriended.family.pk]}
    )
    assert saved.status_code == 302
    invitation.refresh_from_db()
    assert invitation.attended is True


def test_a_supervision_group_by_situation_invites_only_its_families(
    site, staff, befriended, caseworker
):
    other_family = build_volunteer_family(
        site=site, status="matched", by=staff, name="Familien Holm"
    )
    build_friendship(
        referral=build_referral(
            site=site, caseworker=caseworker, status="matched", by=staff, first_name="Ali"
        ),
        family=other_family,
        started_on=timezone.localdate() - timedelta(weeks=6),
    )
    group = supervision_group_create(
        site=site, by=staff, name="Børn med diagnoser", situation="diagnosis"
    )
    with pytest.raises(ValidationError):
        supervision_group_session_plan(
            group=group,
            by=staff,
            starts_at=timezone.now() + timedelta(days=3),
            meeting_url="https://meet.example.org/a",
        )
    supervision_group_members_add(group=group, families=[befriended.family], by=staff)
    starts = timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=10), time(19))
    )
    session = supervision_group_session_plan(
        group=group, by=staff, starts_at=starts, meeting_url="https://meet.example.org/a"
    )
    invited = set(
        SupervisionInvitation.objects.filter(session=session).values_list("family_id", flat=True)
    )
    assert invited == {befriended.family.pk}
    assert session.topic == "Børn med diagnoser"
