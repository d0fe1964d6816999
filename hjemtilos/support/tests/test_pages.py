"""The support pages and the greetings pages run a fixed number of queries, however many
rows they show."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hjemtilos.core.testing import get_page, get_page_before_and_after
from hjemtilos.demo.builders import build_friendship, build_referral, build_volunteer_family
from hjemtilos.friendships.models import Side
from hjemtilos.friendships.services.greetings import greeting_send, relayed_feedback_set
from hjemtilos.support.services import (
    joint_event_create,
    psychologist_offer,
    supervision_group_create,
    supervision_group_members_add,
)


@pytest.fixture
def more_friendships(site, staff, caseworker):
    """Two more running friendships at the site, each with its own family."""

    def add() -> None:
        for name in ("Holm", "Berg"):
            family = build_volunteer_family(
                site=site, status="matched", by=staff, name=f"Familien {name}"
            )
            build_friendship(
                referral=build_referral(
                    site=site, caseworker=caseworker, status="matched", by=staff, first_name=name
                ),
                family=family,
                started_on=timezone.localdate() - timedelta(weeks=8),
            )

    return add


def test_the_greetings_page_of_a_family(login, befriended, volunteer, parent):
    greeting_send(friendship=befriended, side=Side.VOLUNTEER_FAMILY, by=volunteer, text="Hej")

    def more() -> None:
        for n in range(3):
            greeting = greeting_send(
                friendship=befriended, side=Side.VOLUNTEER_FAMILY, by=volunteer, text=f"Hej {n}"
            )
            greeting_send(
                friendship=befriended,
                side=Side.CHILD_FAMILY,
                by=parent,
                text="Tak!",
                reply_to=greeting,
            )

    get_page_before_and_after(
        login(parent),
        reverse("friendships:greetings", args=[befriended.pk]),
        queries=6,
        name="the parent's greetings",
        change=more,
    )


def test_greetings_to_pass_on(login, befriended, staff, volunteer):
    relayed_feedback_set(friendship=befriended, by=staff, enabled=True)
    befriended.refresh_from_db()
    greeting_send(friendship=befriended, side=Side.VOLUNTEER_FAMILY, by=volunteer, text="Hej")

    def more() -> None:
        for n in range(3):
            greeting_send(
                friendship=befriended, side=Side.VOLUNTEER_FAMILY, by=volunteer, text=f"Hej {n}"
            )

    get_page_before_and_after(
        login(staff),
        reverse("friendships:relay_queue"),
        queries=6,
        name="greetings to pass on",
        change=more,
    )


def test_joint_events_and_invitations(login, befriended, staff, volunteer, more_friendships):
    def event(title: str):
        return joint_event_create(
            site=befriended.site,
            by=staff,
            kind="outing",
            title=title,
            starts_at=timezone.now() + timedelta(days=10),
            place="Zoologisk Have",
        )

    first = event("Zoo")
    get_page_before_and_after(
        login(staff),
        reverse("support:events"),
        queries=10,
        name="the staff's events",
        change=lambda: [event("Skoven"), event("Stranden")],
    )
    get_page_before_and_after(
        login(volunteer),
        reverse("support:my_events"),
        queries=4,
        name="the volunteer's invitations",
        change=lambda: [event("Museet"), event("Parken")],
    )
    url = reverse("support:event", args=[first.pk])
    get_page(login(staff), url, queries=6, name="one event with one family")
    more_friendships()
    second = event("Biografen")
    get_page(
        login(staff),
        reverse("support:event", args=[second.pk]),
        queries=6,
        name="one event with three families",
    )


def test_supervision_groups(login, befriended, staff, more_friendships):
    group = supervision_group_create(
        site=befriended.site, by=staff, name="Børn med diagnoser", situation="diagnosis"
    )
    supervision_group_members_add(group=group, families=[befriended.family], by=staff)
    client = login(staff)
    get_page_before_and_after(
        client,
        reverse("support:groups"),
        queries=8,
        name="the supervision groups",
        change=lambda: [
            supervision_group_create(
                site=befriended.site, by=staff, name=f"Gruppe {n}", situation="heavy"
            )
            for n in range(2)
        ],
    )
    get_page_before_and_after(
        client,
        reverse("support:group", args=[group.pk]),
        queries=9,
        name="one group",
        change=more_friendships,
    )


def test_the_psychologist_page(login, befriended, staff):
    psychologist_offer(friendship=befriended, by=staff, reason="Presset familie.")
    get_page(
        login(staff),
        reverse("support:psychologist", args=[befriended.pk]),
        queries=9,
        name="the psychologist talks",
    )
