"""Children and friendships for the report tests, built through the real services.

``build_cohort`` takes children through the programme as staff would: a
referral ready for matching (the demo builder, with its history), a match
proposal both sides accept (matching's services, which record the waiting
time), the first meeting scheduled and held (the year's visits and plan),
then an early ending, or the future agreement and the anniversary. The
clock is moved with ``time_machine`` so every step happens on its own day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from hjemtilos.accounts.models import User
from hjemtilos.demo.builders import build_referral, build_volunteer_family
from hjemtilos.friendships.models import EndedBy, EndReason, Friendship, Side
from hjemtilos.friendships.services import first_meeting_record
from hjemtilos.friendships.services.ending import (
    anniversaries_run,
    friendship_end_early,
    future_agreement_agree,
    future_agreement_confirm,
    future_child_heard_record,
    future_wish_record,
)
from hjemtilos.friendships.tests.conftest import agreement
from hjemtilos.matching.models import Side as ProposalSide
from hjemtilos.matching.services import (
    first_meeting_schedule,
    match_proposal_answer,
    match_proposal_create,
)
from hjemtilos.organisations.models import PostalCode, Site
from hjemtilos.referrals.models import Referral, ReferralStatus
from hjemtilos.volunteers.models import VolunteerFamilyStatus

CPH = ZoneInfo("Europe/Copenhagen")
_numbers = count(1)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=CPH)


def on(day: date, hour: int = 10) -> time_machine.travel:
    """The clock stands still at ``hour`` on ``day``."""
    return time_machine.travel(at(day, hour), tick=False)


def waiting_child(site: Site, caseworker: User, staff: User, *, referred: date) -> Referral:
    """A child referred on ``referred`` and ready for matching four weeks later."""
    number = next(_numbers)
    with on(referred + timedelta(days=28)):
        return build_referral(
            site=site,
            caseworker=caseworker,
            status=ReferralStatus.READY_FOR_MATCHING,
            by=staff,
            first_name=f"Barn{number}",
            last_name="Test",
            date_of_birth=referred - timedelta(days=365 * 8),
            postal_code=PostalCode.objects.get(code="2200"),
            started=at(referred) - timedelta(days=7),
        )


@dataclass
class Cohort:
    """Children matched on one day whose first meeting is a week later (a Monday)."""

    friendships: list[Friendship]
    started_on: date


def build_cohort(*, site: Site, staff: User, caseworker: User, size: int, matched: date) -> Cohort:
    """``size`` children matched on ``matched`` (a Monday), met a week later and visiting
    from the Monday after: running friendships."""
    first_meeting = matched + timedelta(days=7)
    started_on = matched + timedelta(days=14)
    proposals = []
    for _ in range(size):
        referral = waiting_child(site, caseworker, staff, referred=matched - timedelta(days=60))
        number = next(_numbers)
        with on(matched - timedelta(days=30)):
            family = build_volunteer_family(
                site=site,
                status=VolunteerFamilyStatus.APPROVED,
                name=f"Familien Nr{number}",
                by=staff,
                postal_code=PostalCode.objects.get(code="2200"),
                street_address=f"Havevej {number}",
                weekdays=[0, 1, 2, 3, 4],
                child_age_min=4,
                child_age_max=13,
                capacity="good",
                transport="car",
            )
        with on(matched):
            proposal = match_proposal_create(referral=referral, family=family, by=staff)
            for side in ProposalSide.values:
                proposal = match_proposal_answer(
                    proposal=proposal, side=side, accepted=True, by=staff
                )
            proposals.append(
                first_meeting_schedule(
                    proposal=proposal, by=staff, at=at(first_meeting, 16), staff=staff
                )
            )
    friendships = []
    with on(first_meeting, 19):
        for proposal in proposals:
            assert proposal.friendship is not None
            friendships.append(
                first_meeting_record(
                    friendship=proposal.friendship,
                    by=staff,
                    held_on=first_meeting,
                    attendees="Barnet, forælderen og venskabsfamilien",
                    first_solo_on=started_on,
                    agreement=agreement(weekday=started_on.weekday()),
                    staff_present=staff,
                )
            )
    return Cohort(friendships=friendships, started_on=started_on)


def end_early(friendship: Friendship, staff: User, *, day: date, reason: str) -> None:
    with on(day):
        friendship_end_early(
            friendship=friendship,
            by=staff,
            ended_on=day,
            ended_by=EndedBy.VOLUNTEER_FAMILY,
            reason_category=reason,
            reason="Familien havde ikke længere tid.",
            child_back_to_matching=False,
            family_status=VolunteerFamilyStatus.RESTING,
        )


def agree_future(friendship: Friendship, staff: User, *, day: date, continues: bool) -> None:
    """The future agreement talks ten months in, both confirmed by phone."""
    frequency = "fortnightly" if continues else ""
    with on(day):
        for side in (Side.VOLUNTEER_FAMILY, Side.CHILD_FAMILY):
            future_wish_record(
                friendship=friendship,
                side=side,
                by=staff,
                wants=continues,
                frequency=frequency,
                by_staff=True,
            )
        future_child_heard_record(friendship=friendship, by=staff, note="Barnet blev hørt.")
        future_agreement_agree(
            friendship=friendship,
            by=staff,
            wants=continues,
            frequency=frequency,
            details="Hver anden uge" if continues else "",
        )
        for side in (Side.VOLUNTEER_FAMILY, Side.CHILD_FAMILY):
            future_agreement_confirm(friendship=friendship, side=side, by=staff, by_staff=True)


def complete_year(anniversary: date) -> int:
    """The daily anniversary job on ``anniversary``."""
    with on(anniversary, 6):
        return anniversaries_run(today=anniversary)


# The status note's population (``status``, RESULTATER VED AFGIVELSE AF STATUS).
NOTE_DAY = date(2025, 6, 30)


@pytest.fixture
def status_note_population(site, staff, caseworker) -> dict[str, list[Any]]:
    """53 children enrolled on 30 June 2025: 21 running, 17 completed (15 continuing
    privately), 4 ended early and 11 waiting for a match."""
    first = build_cohort(
        site=site, staff=staff, caseworker=caseworker, size=21, matched=date(2024, 1, 29)
    )
    ended, completing = first.friendships[:4], first.friendships[4:]
    for number, friendship in enumerate(ended):
        end_early(
            friendship,
            staff,
            day=date(2024, 5, 6) + timedelta(weeks=number * 3),
            reason=(EndReason.VOLUNTEER_CAPACITY, EndReason.MOVED)[number % 2],
        )
    for number, friendship in enumerate(completing):
        agree_future(friendship, staff, day=date(2024, 12, 9), continues=number >= 2)
    assert complete_year(first.started_on.replace(year=2025)) == 17
    second = build_cohort(
        site=site, staff=staff, caseworker=caseworker, size=21, matched=date(2025, 3, 3)
    )
    waiting = [
        waiting_child(site, caseworker, staff, referred=date(2025, 4, 1) + timedelta(days=n))
        for n in range(11)
    ]
    return {
        "running": second.friendships,
        "completed": completing,
        "ended_early": ended,
        "waiting": waiting,
    }
