"""Every lifecycle in the code, walked the same way.

The test finds every ``core.workflow.Workflow`` by importing each module of the
project, so a new lifecycle cannot be forgotten: one without an entry in
``LIFECYCLES`` fails by name. For each status of each workflow it builds an
object in that status through the real services and builders, then asks the
lifecycle's one transition service for every other status:

- a move the workflow allows succeeds and writes its event row (from, to, who);
- a move that needs a reason is refused without one (or with blanks) and
  succeeds with one, which is kept;
- every other move is refused with a ``ValidationError`` and changes nothing.
"""

from __future__ import annotations

import importlib
import itertools
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

import hjemtilos
from hjemtilos.accounts.models import User
from hjemtilos.conftest import phone_concern
from hjemtilos.core.workflow import Workflow
from hjemtilos.demo.builders import (
    build_friendship,
    build_planned_friendship,
    build_referral,
    build_vetting,
    build_volunteer_family,
)
from hjemtilos.friendships.models import Friendship, FriendshipStatus
from hjemtilos.friendships.services import friendship_transition
from hjemtilos.friendships.services.extra import extra_visit_add, extra_visit_transition
from hjemtilos.matching.models import ProposalStatus, Side
from hjemtilos.matching.services import (
    first_meeting_schedule,
    match_proposal_answer,
    match_proposal_create,
    match_proposal_withdraw,
    proposal_transition,
)
from hjemtilos.organisations.models import Site
from hjemtilos.privacy.models import RequestDecision, RequestKind, RequestStatus
from hjemtilos.privacy.services import rights_request_create, rights_request_transition
from hjemtilos.referrals.models import Referral, ReferralStatus
from hjemtilos.referrals.rights import CHILD_KIND
from hjemtilos.referrals.services import referral_transition
from hjemtilos.safeguarding.models import ConcernStatus
from hjemtilos.safeguarding.services import concern_transition
from hjemtilos.support.services import psychologist_offer, psychologist_transition
from hjemtilos.surveys.instruments import ensure_instruments
from hjemtilos.surveys.models import InvitationStatus
from hjemtilos.surveys.services import invitation_transition
from hjemtilos.surveys.tests.conftest import parent_baseline_invitation
from hjemtilos.volunteers.models import VolunteerFamilyStatus
from hjemtilos.volunteers.services import family_transition

REASON = "Aftalt med familien i telefonen"

# Modules that are not part of the running application.
NOT_SCANNED = ("tests", "migrations", "conftest", "settings")


def discover_workflows() -> dict[str, Workflow]:
    """Every ``Workflow`` held by a module of the project, named by its statuses' class."""
    found: dict[str, Workflow] = {}
    for module in pkgutil.walk_packages(hjemtilos.__path__, "hjemtilos."):
        if any(part in NOT_SCANNED for part in module.name.split(".")):
            continue
        for value in vars(importlib.import_module(module.name)).values():
            if isinstance(value, Workflow):
                found[value.statuses.__name__] = value
    return found


WORKFLOWS = discover_workflows()


@dataclass
class World:
    """Who acts, where: the lifecycles' objects are built at ``site`` by ``staff``."""

    site: Site
    staff: User
    caseworker: User
    names: itertools.count[int]

    def name(self, prefix: str) -> str:
        return f"{prefix} {next(self.names)}"


@dataclass(frozen=True)
class Lifecycle:
    """How the walk reaches a status and moves an object of one workflow."""

    # An object in the given status, made through the real builders and services.
    build: Callable[[World, str], models.Model]
    # The lifecycle's one transition service.
    move: Callable[[World, models.Model, str, str], Any]
    # Where the reason of the latest move is kept (the event row, or the object).
    reason_of: Callable[[Any, Any], str] = lambda _subject, event: event.reason


def moved_along(
    world: World, subject: models.Model, steps: list[str], move: Callable[..., Any]
) -> models.Model:
    """``subject`` moved to each of ``steps`` in turn by its lifecycle's ``move``."""
    for step in steps:
        subject = move(world, subject, step, REASON)
    return subject


# Referrals ----------------------------------------------------------------------------


def build_referral_in(world: World, status: str) -> Referral:
    return build_referral(
        site=world.site,
        caseworker=world.caseworker,
        status=status,
        by=world.staff,
        first_name=world.name("Barn"),
    )


def move_referral(world: World, referral: Any, to_status: str, reason: str) -> Any:
    return referral_transition(
        referral=referral, to_status=to_status, by=world.staff, reason=reason
    )


# Volunteer families -------------------------------------------------------------------


def build_family_in(world: World, status: str) -> models.Model:
    family = build_volunteer_family(
        site=world.site, status=status, by=world.staff, name=world.name("Familien")
    )
    if status == VolunteerFamilyStatus.VETTING:
        # Every requirement met, so that approval is the workflow's question only.
        build_vetting(family, on=timezone.localdate(), by=world.staff)
    return family


def move_family(world: World, family: Any, to_status: str, reason: str) -> Any:
    return family_transition(family=family, to_status=to_status, by=world.staff, reason=reason)


# Friendships --------------------------------------------------------------------------


def matched_pair(world: World) -> tuple[Any, Any]:
    """A child and a family that matching has just moved to "matched"."""
    referral = build_referral_in(world, ReferralStatus.MATCHED)
    family = build_family_in(world, VolunteerFamilyStatus.MATCHED)
    return referral, family


def build_friendship_in(world: World, status: str) -> models.Model:
    referral, family = matched_pair(world)
    if status == FriendshipStatus.PLANNED:
        return build_planned_friendship(referral=referral, family=family, by=world.staff)
    friendship = build_friendship(
        referral=referral,
        family=family,
        started_on=timezone.localdate() - timedelta(weeks=2),
        weeks=2,
        contact_person=world.staff,
    )
    if status != FriendshipStatus.RUNNING:
        friendship = friendship_transition(
            friendship=friendship,
            to_status=status,
            by=world.staff,
            reason=REASON,
            ended_on=timezone.localdate(),
        )
    return friendship


def running_friendship(world: World) -> Friendship:
    """A friendship two weeks into its year, for the lifecycles that belong to one."""
    friendship = build_friendship_in(world, FriendshipStatus.RUNNING)
    assert isinstance(friendship, Friendship)
    return friendship


def move_friendship(world: World, friendship: Any, to_status: str, reason: str) -> Any:
    return friendship_transition(
        friendship=friendship, to_status=to_status, by=world.staff, reason=reason
    )


# Match proposals ----------------------------------------------------------------------


def build_proposal_in(world: World, status: str) -> models.Model:
    """A proposal for a waiting child and a family that fits, taken to ``status`` by the
    services staff use: the two answers, a withdrawal, the first meeting."""
    proposal = match_proposal_create(
        referral=build_referral_in(world, ReferralStatus.READY_FOR_MATCHING),
        family=build_volunteer_family(
            site=world.site, name=world.name("Familien"), weekdays=[0, 1, 2, 3, 4], by=world.staff
        ),
        by=world.staff,
    )
    if status == ProposalStatus.DECLINED:
        return match_proposal_answer(
            proposal=proposal, side=Side.PARENT, accepted=False, reason=REASON, by=world.staff
        )
    if status == ProposalStatus.WITHDRAWN:
        return match_proposal_withdraw(proposal=proposal, by=world.staff, reason=REASON)
    if status in (ProposalStatus.ACCEPTED, ProposalStatus.FRIENDSHIP):
        for side in Side.values:
            proposal = match_proposal_answer(
                proposal=proposal, side=side, accepted=True, by=world.staff
            )
    if status == ProposalStatus.FRIENDSHIP:
        proposal = first_meeting_schedule(
            proposal=proposal,
            by=world.staff,
            at=timezone.now() + timedelta(days=7),
            staff=world.staff,
        )
    return proposal


def move_proposal(world: World, proposal: Any, to_status: str, reason: str) -> Any:
    return proposal_transition(
        proposal=proposal, to_status=to_status, by=world.staff, reason=reason
    )


# Concerns -----------------------------------------------------------------------------

# How a concern reaches each status from "raised", by its one transition service (the
# assessment, the notification's sending and its acknowledgement call it the same way).
CONCERN_PATH: dict[str, list[str]] = {
    ConcernStatus.RAISED: [],
    ConcernStatus.WITH_ADVISORY: [ConcernStatus.WITH_ADVISORY],
    ConcernStatus.FOLLOW_UP: [ConcernStatus.FOLLOW_UP],
    ConcernStatus.NOTIFYING: [ConcernStatus.NOTIFYING],
    ConcernStatus.NOTIFIED: [ConcernStatus.NOTIFYING, ConcernStatus.NOTIFIED],
    ConcernStatus.NOTIFICATION_ACKNOWLEDGED: [
        ConcernStatus.NOTIFYING,
        ConcernStatus.NOTIFIED,
        ConcernStatus.NOTIFICATION_ACKNOWLEDGED,
    ],
    ConcernStatus.CLOSED: [ConcernStatus.CLOSED],
}


def build_concern_in(world: World, status: str) -> models.Model:
    """A concern raised by phone about a running friendship, moved by ``concern_transition``."""
    friendship = running_friendship(world)
    concern = phone_concern(friendship, by=world.staff)
    return moved_along(world, concern, CONCERN_PATH[status], move_concern)


def move_concern(world: World, concern: Any, to_status: str, reason: str) -> Any:
    return concern_transition(concern=concern, by=world.staff, to_status=to_status, reason=reason)


# Survey invitations -------------------------------------------------------------------


def build_invitation_in(world: World, status: str) -> models.Model:
    """The parent's baseline invitation about a running friendship, moved to ``status`` by
    the lifecycle's transition service (as the reminder job, the link and staff do)."""
    friendship = running_friendship(world)
    ensure_instruments()
    invitation = parent_baseline_invitation(friendship)
    if status != InvitationStatus.SENT:
        invitation = invitation_transition(invitation=invitation, to_status=status, by=world.staff)
    return invitation


def move_invitation(world: World, invitation: Any, to_status: str, reason: str) -> Any:
    return invitation_transition(
        invitation=invitation, to_status=to_status, by=world.staff, reason=reason
    )


# Extra visits and the psychologist talk -------------------------------------------------

EXTRA_VISIT_PATH = {
    "asked": [],
    "planned": ["planned"],
    "not_now": ["not_now"],
    "cancelled": ["cancelled"],
}


def build_extra_visit_in(world: World, status: str) -> models.Model:
    """An extra visit asked in the first three months (two weeks in), then moved on."""
    friendship = running_friendship(world)
    extra = extra_visit_add(
        friendship=friendship,
        by=world.staff,
        side="volunteer_family",
        kind="birthday",
        on=timezone.localdate() + timedelta(days=3),
    )
    return moved_along(world, extra, EXTRA_VISIT_PATH[status], move_extra_visit)


def move_extra_visit(world: World, extra: Any, to_status: str, reason: str) -> Any:
    return extra_visit_transition(
        extra_visit=extra, to_status=to_status, by=world.staff, reason=reason
    )


PSYCHOLOGIST_PATH = {
    "offered": [],
    "booked": ["booked"],
    "held": ["booked", "held"],
    "not_held": ["booked", "not_held"],
    "declined": ["declined"],
}


def move_psychologist(world: World, talk: Any, to_status: str, reason: str) -> Any:
    return psychologist_transition(
        conversation=talk,
        to_status=to_status,
        by=world.staff,
        reason=reason,
        booked_for=timezone.now() + timedelta(days=7),
    )


def build_psychologist_in(world: World, status: str) -> models.Model:
    friendship = running_friendship(world)
    talk = psychologist_offer(friendship=friendship, by=world.staff, reason=REASON)
    return moved_along(world, talk, PSYCHOLOGIST_PATH[status], move_psychologist)


# Data subjects' requests ---------------------------------------------------------------


def move_rights_request(world: World, request: Any, to_status: str, reason: str) -> Any:
    return rights_request_transition(
        request=request,
        to_status=to_status,
        by=world.staff,
        reason=reason,
        decision=RequestDecision.GRANTED,
        delivered_how="Brev udleveret",
    )


def build_rights_request_in(world: World, status: str) -> models.Model:
    referral = build_referral_in(world, ReferralStatus.RECEIVED)
    request = rights_request_create(
        subject=CHILD_KIND.load(world.staff, referral.child_id),
        kind=RequestKind.RECTIFICATION,
        received_on=timezone.localdate(),
        requested_by="Moren",
        identity_check="MitID",
        details="Skolen er forkert",
        by=world.staff,
    )
    path: list[str] = [RequestStatus.RECEIVED, RequestStatus.DECIDED, RequestStatus.DONE]
    return moved_along(world, request, path[1 : path.index(status) + 1], move_rights_request)


# The lifecycles the walk knows, by the name of their statuses' class.
LIFECYCLES: dict[str, Lifecycle] = {
    "ReferralStatus": Lifecycle(build=build_referral_in, move=move_referral),
    "VolunteerFamilyStatus": Lifecycle(build=build_family_in, move=move_family),
    "FriendshipStatus": Lifecycle(build=build_friendship_in, move=move_friendship),
    # A proposal keeps the reason for closing on itself; its events record the answers.
    "ProposalStatus": Lifecycle(
        build=build_proposal_in,
        move=move_proposal,
        reason_of=lambda proposal, _event: proposal.closed_reason,
    ),
    "InvitationStatus": Lifecycle(build=build_invitation_in, move=move_invitation),
    "ConcernStatus": Lifecycle(
        build=build_concern_in, move=move_concern, reason_of=lambda _concern, event: event.note
    ),
    "ExtraVisitStatus": Lifecycle(build=build_extra_visit_in, move=move_extra_visit),
    "PsychologistStatus": Lifecycle(
        build=build_psychologist_in,
        move=move_psychologist,
        reason_of=lambda _talk, event: event.note,
    ),
    "RequestStatus": Lifecycle(
        build=build_rights_request_in,
        move=move_rights_request,
        reason_of=lambda _request, event: event.note,
    ),
}

CASES = [
    pytest.param(name, status, id=f"{name}:{status}")
    for name, workflow in sorted(WORKFLOWS.items())
    for status in workflow.statuses.values
]


@pytest.fixture
def world(site, staff, caseworker) -> World:
    return World(site=site, staff=staff, caseworker=caseworker, names=itertools.count(1))


def test_the_known_lifecycles_are_found_and_every_adapter_has_one():
    assert {"ReferralStatus", "VolunteerFamilyStatus", "FriendshipStatus"} <= set(WORKFLOWS)
    stale = sorted(set(LIFECYCLES) - set(WORKFLOWS))
    assert not stale, f"LIFECYCLES has adapters for workflows that no longer exist: {stale}"


@pytest.mark.parametrize("name", sorted(WORKFLOWS))
def test_every_status_is_in_the_order_and_reachable(name):
    workflow = WORKFLOWS[name]
    statuses = set(workflow.statuses.values)
    assert set(workflow.order) == statuses, "the order must list every status once"
    assert set(workflow.moves) == statuses, "every status must declare its moves"
    reachable = {workflow.order[0]}
    for _ in statuses:
        reachable |= {to for status in reachable for to in workflow.allowed_from(status)}
    assert reachable == statuses, f"unreachable from {workflow.order[0]}: {statuses - reachable}"


def status_of(subject: models.Model) -> str:
    subject.refresh_from_db()
    return str(subject.status)  # type: ignore[attr-defined]


def events_of(subject: models.Model) -> list[Any]:
    return list(subject.events.order_by("id"))  # type: ignore[attr-defined]


@pytest.mark.parametrize(("name", "from_status"), CASES)
def test_every_move_from_every_status(world, name, from_status):
    workflow = WORKFLOWS[name]
    lifecycle = LIFECYCLES.get(name)
    if lifecycle is None:
        pytest.fail(
            f"The workflow of {name} ({workflow.statuses.__module__}) has no entry in "
            "LIFECYCLES: add one that builds its objects and calls its transition service."
        )
    subject = lifecycle.build(world, from_status)
    assert status_of(subject) == from_status
    allowed = workflow.allowed_from(from_status)
    events = len(events_of(subject))

    for to_status in workflow.statuses.values:
        if to_status == from_status or to_status in allowed:
            continue
        with pytest.raises(ValidationError):
            lifecycle.move(world, subject, to_status, REASON)
        assert status_of(subject) == from_status, f"{from_status} → {to_status} changed it"
        assert len(events_of(subject)) == events, f"{from_status} → {to_status} wrote an event"

    moves = sorted(allowed)
    for to_status in moves:
        needs_reason = workflow.needs_reason(from_status, to_status)
        if needs_reason:
            for blank in ("", "   "):
                with pytest.raises(ValidationError) as refused:
                    lifecycle.move(world, subject, to_status, blank)
                assert "reason" in refused.value.message_dict, (from_status, to_status)
            assert status_of(subject) == from_status
            assert len(events_of(subject)) == events
        # Every move starts from ``from_status``: a fresh object for each but the last.
        fresh = subject if to_status == moves[-1] else lifecycle.build(world, from_status)
        before = events_of(fresh)
        reason = REASON if needs_reason else ""
        lifecycle.move(world, fresh, to_status, reason)
        assert status_of(fresh) == to_status, f"{from_status} → {to_status} did not happen"
        after = events_of(fresh)
        assert len(after) == len(before) + 1, f"{from_status} → {to_status}: one event"
        event = after[-1]
        assert (event.from_status, event.to_status, event.by) == (
            from_status,
            to_status,
            world.staff,
        )
        if needs_reason:
            assert lifecycle.reason_of(fresh, event) == REASON
