"""The first three months: only the weekly visit. An extra visit, a birthday or an
outing in that period waits for a talk with the contact person; after it the families
add them themselves. Extra visits are never counted as weekly visits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hjemtilos.followups.models import FollowUpKind, FollowUpTask
from hjemtilos.friendships.dates import add_months
from hjemtilos.friendships.models import ExtraVisit, ExtraVisitStatus, Friendship
from hjemtilos.friendships.services.extra import extra_visit_add, only_weekly_until
from hjemtilos.friendships.services.visits import friendship_stability_refresh
from hjemtilos.messaging.models import Channel, Message

STABILITY = (
    "visits_held",
    "visits_cancelled",
    "visits_moved",
    "cancelled_in_a_row",
    "last_held_on",
)


def three_months_in(friendship: Friendship):
    until = only_weekly_until(friendship)
    assert until is not None
    return until


def suggest(client, friendship, on, kind="birthday"):
    return client.post(
        reverse("friendships:extra_visit_add", args=[friendship.pk]),
        {"kind": kind, "on": on.isoformat(), "description": "Vores datters fødselsdag"},
    )


def test_in_the_first_three_months_the_portal_says_only_the_weekly_visit(
    login, befriended, volunteer, parent
):
    for user in (volunteer, parent):
        page = login(user).get(reverse("friendships:portal", args=[befriended.pk])).text
        assert "De første tre måneder: kun det ugentlige besøg" in page
        until = only_weekly_until(befriended)
        assert until == add_months(befriended.started_on, 3)


def test_an_extra_visit_in_the_first_three_months_waits_for_the_contact_person(
    login, befriended, volunteer, staff
):
    on = timezone.localdate() + timedelta(days=5)
    assert on < three_months_in(befriended)
    response = suggest(login(volunteer), befriended, on)
    assert response.status_code == 302
    extra = ExtraVisit.objects.get(friendship=befriended)
    assert extra.status == ExtraVisitStatus.ASKED
    # Nobody told the child's family yet: the contact person talks it through first.
    assert not Message.objects.filter(template="extra_visit_planned").exists()
    task = FollowUpTask.objects.get(kind=FollowUpKind.EXTRA_VISIT_TALK)
    assert task.owner == staff
    assert task.friendship == befriended

    # Staff see it on the friendship's page and record the talk.
    staff_client = login(staff)
    detail = staff_client.get(reverse("friendships:detail", args=[befriended.pk])).text
    assert reverse("friendships:extra_visit_decide", args=[extra.pk]) in detail
    refused = staff_client.post(
        reverse("friendships:extra_visit_decide", args=[extra.pk]), {"to_status": "not_now"}
    )
    assert refused.status_code == 400  # "not now" needs a reason
    agreed = staff_client.post(
        reverse("friendships:extra_visit_decide", args=[extra.pk]), {"to_status": "planned"}
    )
    assert agreed.status_code == 302
    extra.refresh_from_db()
    assert extra.status == ExtraVisitStatus.PLANNED
    assert extra.events.count() == 2
    task.refresh_from_db()
    assert task.completed_at is not None
    sms = Message.objects.get(template="extra_visit_planned")
    assert sms.channel == Channel.SMS
    assert sms.to_address == "+4561112233"


def test_after_three_months_the_families_add_extra_visits_themselves(login, befriended, parent):
    on = three_months_in(befriended) + timedelta(days=1)
    response = suggest(login(parent), befriended, on, kind="outing")
    assert response.status_code == 302
    extra = ExtraVisit.objects.get(friendship=befriended)
    assert extra.status == ExtraVisitStatus.PLANNED
    assert not FollowUpTask.objects.filter(kind=FollowUpKind.EXTRA_VISIT_TALK).exists()
    # The volunteer family is told at once.
    assert Message.objects.filter(template="extra_visit_planned", to_address="+4551112233").exists()


def test_extra_visits_are_not_weekly_visits(befriended, volunteer, staff):
    friendship_stability_refresh(friendship=befriended)
    befriended.refresh_from_db()
    before = {name: getattr(befriended, name) for name in STABILITY}
    visits = befriended.visits.count()
    for days in (2, 100):
        extra_visit_add(
            friendship=befriended,
            by=volunteer,
            side="volunteer_family",
            kind="visit",
            on=timezone.localdate() + timedelta(days=days),
        )
    friendship_stability_refresh(friendship=befriended)
    befriended.refresh_from_db()
    assert {name: getattr(befriended, name) for name in STABILITY} == before
    assert befriended.visits.count() == visits


def test_an_extra_visit_cannot_go_past_the_anniversary_or_into_the_past(befriended, volunteer):
    for on in (
        timezone.localdate() - timedelta(days=1),
        Friendship.objects.get(pk=befriended.pk).anniversary_on,
    ):
        with pytest.raises(ValidationError) as refused:
            extra_visit_add(
                friendship=befriended, by=volunteer, side="volunteer_family", kind="visit", on=on
            )
        assert "on" in refused.value.message_dict
    assert not ExtraVisit.objects.exists()
