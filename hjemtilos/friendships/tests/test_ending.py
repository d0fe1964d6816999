"""The end of the year: the future agreement, the anniversary (once), early endings,
revoked access and deletion confirmations with one reminder."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hjemtilos.core.testing import get_page
from hjemtilos.followups.models import FollowUpKind, FollowUpTask
from hjemtilos.friendships import jobs
from hjemtilos.friendships.models import (
    DeletionConfirmation,
    FriendshipStatus,
    VisitStatus,
)
from hjemtilos.friendships.services.ending import (
    anniversaries_run,
    deletion_reminders_send,
    future_agreement_agree,
    future_agreement_confirm,
    future_child_heard_record,
    future_wish_record,
)
from hjemtilos.friendships.services.plan import follow_up_plan_apply
from hjemtilos.friendships.tests.conftest import end_early
from hjemtilos.messaging.models import Channel, Message
from hjemtilos.referrals.models import Guardian, ReferralStatus
from hjemtilos.volunteers.models import VolunteerFamilyStatus

CPH = ZoneInfo("Europe/Copenhagen")


def day_at(day, hour=9):
    return datetime.combine(day, time(hour), tzinfo=CPH)


def agree(friendship, staff, *, wants=True):
    future_wish_record(
        friendship=friendship,
        side="volunteer_family",
        by=staff,
        wants=True,
        frequency="fortnightly",
    )
    future_wish_record(
        friendship=friendship, side="child_family", by=staff, wants=wants, frequency="fortnightly"
    )
    future_child_heard_record(friendship=friendship, by=staff, note="Emma vil gerne fortsætte.")
    return future_agreement_agree(
        friendship=friendship,
        by=staff,
        wants=wants,
        frequency="fortnightly",
        details="Hver anden tirsdag efter skole",
    )


def test_the_volunteer_family_answers_first_then_the_parent(
    login, volunteer, parent, late_in_the_year
):
    url = reverse("friendships:portal_future", args=[late_in_the_year.pk])
    parent_page = get_page(
        login(parent), url, queries=3, name="the future page before the volunteers answer"
    )
    assert "Vi taler først med venskabsfamilien" in parent_page.text
    assert login(parent).post(url, {"action": "wish", "wants": "yes"}).status_code == 403
    response = login(volunteer).post(
        url, {"action": "wish", "wants": "yes", "frequency": "weekly", "note": "Gerne!"}
    )
    assert response.status_code == 302
    response = login(parent).post(url, {"action": "wish", "wants": "yes", "frequency": "weekly"})
    assert response.status_code == 302
    future = late_in_the_year.future_agreement
    future.refresh_from_db()
    assert future.volunteer_continue and future.parent_continue
    assert future.volunteer_answered_by == volunteer and future.parent_answered_by == parent


def test_a_wish_without_frequency_keeps_the_form(login, volunteer, late_in_the_year):
    url = reverse("friendships:portal_future", args=[late_in_the_year.pk])
    response = login(volunteer).post(url, {"action": "wish", "wants": "yes", "note": "Ja tak"})
    assert response.status_code == 400
    assert "Vælg hvor ofte." in response.text and "Ja tak" in response.text


def test_the_parent_cannot_be_recorded_before_the_volunteer_family(late_in_the_year, staff):
    with pytest.raises(ValidationError):
        future_wish_record(
            friendship=late_in_the_year,
            side="child_family",
            by=staff,
            wants=True,
            frequency="weekly",
        )


def test_both_confirm_the_agreed_form_and_the_task_is_done(
    login, volunteer, parent, staff, late_in_the_year
):
    follow_up_plan_apply(friendship=late_in_the_year, by=staff)
    agree(late_in_the_year, staff)
    for user in (volunteer, parent):
        response = login(user).post(
            reverse("friendships:portal_future", args=[late_in_the_year.pk]), {"action": "confirm"}
        )
        assert response.status_code == 302
    future = late_in_the_year.future_agreement
    future.refresh_from_db()
    assert future.is_confirmed
    task = FollowUpTask.objects.get(friendship=late_in_the_year, kind=FollowUpKind.FUTURE_AGREEMENT)
    assert task.completed_at is not None


def test_the_anniversary_closes_the_year_once(late_in_the_year, staff, volunteer, parent, login):
    friendship = late_in_the_year
    agree(friendship, staff)
    future_agreement_confirm(friendship=friendship, side="volunteer_family", by=volunteer)
    future_agreement_confirm(friendship=friendship, side="child_family", by=parent)
    with time_machine.travel(day_at(friendship.anniversary_on, 6), tick=False):
        assert jobs.anniversaries.call() == 1
        assert jobs.anniversaries.call() == 0  # a second run closes nothing
        assert anniversaries_run() == 0
    friendship.refresh_from_db()
    assert friendship.status == FriendshipStatus.COMPLETED
    assert friendship.ended_on == friendship.anniversary_on
    assert friendship.continues_privately is True and friendship.access_ended_at is not None
    farewells = Message.objects.filter(channel=Channel.EMAIL, template="farewell")
    assert sorted(m.to_address for m in farewells) == sorted([volunteer.email, parent.email])
    assert "Hver anden tirsdag efter skole" in farewells[0].body
    # Continuing privately: the volunteer family deletes the match paper; the parent nothing.
    (deletion,) = DeletionConfirmation.objects.filter(friendship=friendship)
    assert (deletion.side, deletion.scope) == ("volunteer_family", "match_paper")
    friendship.family.refresh_from_db()
    assert friendship.family.status == VolunteerFamilyStatus.RESTING
    assert not friendship.visits.filter(date__gte=friendship.anniversary_on).exists()


def test_the_farewell_reaches_a_parent_with_only_a_phone_by_sms(
    late_in_the_year, parent, sms_provider, django_capture_on_commit_callbacks
):
    """Issue 14: the second guardian has no e-mail address, only a phone."""
    friendship = late_in_the_year
    Guardian.objects.create(
        family=friendship.child.family, first_name="Ali", last_name="Hansen", phone="71 22 33 44"
    )
    with django_capture_on_commit_callbacks(execute=True):
        anniversaries_run(today=friendship.anniversary_on)
    farewells = Message.objects.filter(template="farewell", to_user__isnull=True)
    by_channel = {m.channel: m for m in farewells if m.to_address == "+4571223344"}
    assert list(by_channel) == [Channel.SMS]
    (sms,) = [s for s in sms_provider.delivered.values() if s["to"] == "+4571223344"]
    assert sms["text"].startswith("Kære Ali. Tak for Hjem til Os-året med")
    assert friendship.family.name in sms["text"]
    # The guardian with an address still gets the letter by e-mail only.
    parent_messages = Message.objects.filter(template="farewell", to_user=parent)
    assert [m.channel for m in parent_messages] == [Channel.EMAIL]
    assert all(m.site_id == friendship.site_id for m in Message.objects.filter(template="farewell"))


def test_the_volunteer_loses_access_to_the_child_at_once(late_in_the_year, volunteer, login):
    friendship = late_in_the_year
    anniversaries_run(today=friendship.anniversary_on)
    client = login(volunteer)
    home = get_page(
        client, reverse("core:home"), queries=6, name="the volunteer's home after the year"
    )
    assert friendship.child.first_name not in home.text
    url = reverse("friendships:portal", args=[friendship.pk])
    page = get_page(client, url, queries=4, name="the ended friendship in the portal")
    assert friendship.child.first_name not in page.text
    assert "Bekræft venligst sletningen" in page.text
    visit = friendship.visits.order_by("-date").first()
    assert client.get(reverse("friendships:visit_cancel", args=[visit.pk])).status_code == 404
    assert client.get(reverse("friendships:logbook_write", args=[friendship.pk])).status_code == 403
    api = client.get("/api/friendships/visits?upcoming=false")
    assert api.json() == []


def test_deletion_is_confirmed_in_the_portal_and_reminded_once(
    late_in_the_year, volunteer, parent, staff, login
):
    friendship = late_in_the_year
    anniversaries_run(today=friendship.anniversary_on)  # no agreement: both delete everything
    assert DeletionConfirmation.objects.filter(friendship=friendship).count() == 2
    client = login(parent)
    client.post(reverse("friendships:confirm_deletion", args=[friendship.pk]), {"confirm": "yes"})
    parents = DeletionConfirmation.objects.get(friendship=friendship, side="child_family")
    assert parents.confirmed_by == parent and parents.recorded_by is None
    later = timezone.now() + timedelta(days=15)
    with time_machine.travel(later, tick=False):
        assert deletion_reminders_send() == 1  # only the volunteer family, one adult with e-mail
        assert deletion_reminders_send() == 0
    reminder = Message.objects.get(template="deletion_reminder")
    assert reminder.to_address == volunteer.email
    task = FollowUpTask.objects.get(kind=FollowUpKind.DELETION_CONFIRMATION)
    assert task.owner == staff
    volunteers = DeletionConfirmation.objects.get(friendship=friendship, side="volunteer_family")
    login(staff).post(reverse("friendships:record_deletion", args=[friendship.pk, volunteers.pk]))
    volunteers.refresh_from_db()
    task.refresh_from_db()
    assert volunteers.recorded_by == staff and task.completed_at is not None


def test_an_early_ending_sends_the_child_back_to_matching(
    login, staff, volunteer, parent, befriended
):
    response = login(staff).post(
        reverse("friendships:end_early", args=[befriended.pk]),
        {
            "ended_on": timezone.localdate().isoformat(),
            "ended_by": "volunteer_family",
            "reason_category": "volunteer_capacity",
            "reason": "Familien har fået et nyt arbejde og kan ikke nå det.",
            "child_back_to_matching": "yes",
            "family_status": "resting",
        },
    )
    assert response.status_code == 302
    befriended.refresh_from_db()
    assert befriended.status == FriendshipStatus.ENDED_EARLY
    assert befriended.end_reason_category == "volunteer_capacity"
    assert befriended.child_back_to_matching is True and befriended.access_ended_at
    befriended.referral.refresh_from_db()
    assert befriended.referral.status == ReferralStatus.READY_FOR_MATCHING
    befriended.family.refresh_from_db()
    assert befriended.family.status == VolunteerFamilyStatus.RESTING
    assert not befriended.visits.filter(
        status=VisitStatus.PLANNED, date__gt=timezone.localdate()
    ).exists()
    scopes = set(befriended.deletion_confirmations.values_list("side", "scope"))
    assert scopes == {("volunteer_family", "contact_details"), ("child_family", "contact_details")}
    mails = Message.objects.filter(template="friendship_ended")
    assert {m.to_address for m in mails} == {volunteer.email, parent.email}
    home = get_page(
        login(volunteer), reverse("core:home"), queries=6, name="the volunteer's home after"
    )
    assert befriended.child.first_name not in home.text


def test_an_early_ending_without_a_new_match_frees_the_family(befriended, staff):
    end_early(
        befriended,
        by=staff,
        ended_by="child_family",
        reason_category="moved",
        child_back_to_matching=False,
        family_status="approved",
    )
    befriended.referral.refresh_from_db()
    befriended.family.refresh_from_db()
    assert befriended.referral.status == ReferralStatus.WITHDRAWN
    assert befriended.family.status == VolunteerFamilyStatus.APPROVED


def test_an_early_ending_needs_a_reason(login, staff, befriended):
    response = login(staff).post(
        reverse("friendships:end_early", args=[befriended.pk]),
        {"ended_on": timezone.localdate().isoformat(), "ended_by": "charity"},
    )
    assert response.status_code == 400
    befriended.refresh_from_db()
    assert befriended.status == FriendshipStatus.RUNNING


def test_the_parent_confirms_the_deletion_and_is_thanked(late_in_the_year, parent, login):
    anniversaries_run(today=late_in_the_year.anniversary_on)
    client = login(parent)
    home = get_page(client, reverse("core:home"), queries=5, name="the parent's home, to confirm")
    assert "bekræft venligst sletningen" in home.text
    client.post(
        reverse("friendships:confirm_deletion", args=[late_in_the_year.pk]), {"confirm": "yes"}
    )
    home = get_page(client, reverse("core:home"), queries=5, name="the parent's home, confirmed")
    assert "Hjem til Os-år er slut" in home.text
    assert "bekræft venligst sletningen" not in home.text
