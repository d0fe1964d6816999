"""Fixtures for the friendship year: the two families linked to their logins."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

import pytest
from django.utils import timezone

from hjemtilos.accounts.models import User
from hjemtilos.demo.builders import build_planned_friendship
from hjemtilos.friendships.dates import add_months
from hjemtilos.friendships.models import Friendship, LogbookEntry, Visit, VisitStatus
from hjemtilos.friendships.services.ending import friendship_end_early
from hjemtilos.messaging.tests.conftest import (  # noqa: F401 - real SMTP and SMS servers
    sms_provider,
    smtp_server,
)
from hjemtilos.referrals.models import Guardian
from hjemtilos.referrals.services import referral_transition
from hjemtilos.volunteers.models import HouseholdMember
from hjemtilos.volunteers.services import family_transition


def link_families(friendship: Friendship, volunteer: User, parent: User) -> Friendship:
    """``volunteer`` is the family's eldest adult, ``parent`` the child's guardian."""
    member = friendship.family.members.order_by("date_of_birth").first()
    assert member is not None
    HouseholdMember.objects.filter(pk=member.pk).update(
        user=volunteer, phone="+4551112233", email=volunteer.email
    )
    Guardian.objects.filter(family=friendship.child.family).update(
        user=parent, phone="+4561112233", email=parent.email
    )
    return friendship


@pytest.fixture
def befriended(friendship, volunteer, parent, staff) -> Friendship:
    """The running ``friendship`` (ten weeks in) with both families' logins; staff is contact.

    The child and the family stand as matched, as matching left them.
    """
    referral_transition(referral=friendship.referral, to_status="matched", by=staff)
    family_transition(family=friendship.family, to_status="matched", by=staff)
    Friendship.objects.filter(pk=friendship.pk).update(contact_person=staff)
    friendship.refresh_from_db()
    return link_families(friendship, volunteer, parent)


@pytest.fixture
def planned(referral, volunteer_family, staff, volunteer, parent) -> Friendship:
    """A friendship just matched, before the first meeting.

    As matching does it: the child and the family are moved to "matched",
    then ``friendship_create_from_match`` makes the planned friendship.
    """
    referral_transition(referral=referral, to_status="matched", by=staff)
    family_transition(family=volunteer_family, to_status="matched", by=staff)
    friendship = build_planned_friendship(
        referral=referral, family=volunteer_family, by=staff, contact_person=staff
    )
    return link_families(friendship, volunteer, parent)


def next_planned(friendship: Friendship) -> Visit:
    """The friendship's next visit still to come."""
    visit = (
        friendship.visits.filter(status=VisitStatus.PLANNED, date__gt=timezone.localdate())
        .order_by("date")
        .first()
    )
    assert visit is not None
    return visit


def open_visit(friendship: Friendship) -> Visit:
    """The latest visit that has passed, made unlogged and still planned."""
    visit = (
        friendship.visits.filter(date__lt=timezone.localdate(), status=VisitStatus.HELD)
        .order_by("-date")
        .first()
    )
    assert visit is not None
    LogbookEntry.objects.filter(visit=visit).delete()
    Visit.objects.filter(pk=visit.pk).update(status=VisitStatus.PLANNED)
    visit.refresh_from_db()
    return visit


def end_early(friendship: Friendship, *, by: User, **choices: Any) -> Friendship:
    """End ``friendship`` today through the service: by default the charity ends it, the
    child goes back to matching and the family rests; ``choices`` say otherwise."""
    return friendship_end_early(
        friendship=friendship,
        by=by,
        ended_on=timezone.localdate(),
        **{
            "ended_by": "charity",
            "reason_category": "other",
            "reason": "Afsluttet",
            "child_back_to_matching": True,
            "family_status": "resting",
            **choices,
        },
    )


def agreement(weekday: int = 1, **extra: Any) -> dict[str, Any]:
    """A first-meeting agreement: Tuesdays, pickup at school 14:30, home 18:30."""
    return {
        "weekday": weekday,
        "pickup_time": time(14, 30),
        "pickup_kind": "school",
        "pickup_place": "Nørre Fælled Skole",
        "dropoff_time": time(18, 30),
        "dropoff_kind": "home",
        "dropoff_place": "Hjemme hos Emma",
        "contact_arrangement": "SMS mellem Mette og Maria",
        "food_and_allergies": "Nøddeallergi",
        "pets": "En kat",
        "other": "",
        **extra,
    }


@pytest.fixture
def late_in_the_year(befriended):
    """``befriended`` moved to 10½ months into its year (the visits move with it)."""
    today = timezone.localdate()
    started = add_months(today, -10) - timedelta(days=14)
    shift = befriended.started_on - started
    for visit in befriended.visits.all():
        visit.date -= shift
        visit.save(update_fields=["date"])
    Friendship.objects.filter(pk=befriended.pk).update(
        started_on=started, anniversary_on=add_months(started, 12)
    )
    befriended.refresh_from_db()
    return befriended
