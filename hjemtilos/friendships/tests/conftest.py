"""Fixtures for the friendship year: the two families linked to their logins."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest

from hjemtilos.accounts.models import User
from hjemtilos.friendships.models import Friendship
from hjemtilos.messaging.tests.conftest import smtp_server  # noqa: F401 - a real SMTP server
from hjemtilos.referrals.models import Guardian
from hjemtilos.volunteers.models import HouseholdMember


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
    from hjemtilos.referrals.services import referral_transition
    from hjemtilos.volunteers.services import family_transition

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
    from hjemtilos.demo.builders import build_planned_friendship
    from hjemtilos.referrals.services import referral_transition
    from hjemtilos.volunteers.services import family_transition

    referral_transition(referral=referral, to_status="matched", by=staff)
    family_transition(family=volunteer_family, to_status="matched", by=staff)
    friendship = build_planned_friendship(
        referral=referral, family=volunteer_family, by=staff, contact_person=staff
    )
    return link_families(friendship, volunteer, parent)


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
