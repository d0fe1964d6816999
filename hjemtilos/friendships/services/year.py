"""Writes for the start of the friendship year: the match, the first meeting, the agreement.

Every status change goes through ``friendship_transition`` (the workflow
and an event row). Recording the first meeting starts the year: the
agreement's first version, the first solo visit, the anniversary, the
year's visit calendar and the follow-up plan.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import User
from hjemtilos.core.services import status_apply, status_event_record
from hjemtilos.core.workflow import Workflow
from hjemtilos.followups.models import FollowUpKind
from hjemtilos.followups.services import follow_up_tasks_complete_open
from hjemtilos.friendships.dates import anniversary_of
from hjemtilos.friendships.models import (
    AGREEMENT_FIELDS,
    FirstMeeting,
    Friendship,
    FriendshipEvent,
    VisitAgreement,
)
from hjemtilos.friendships.models import FriendshipStatus as S
from hjemtilos.friendships.services.calendar import visits_generate
from hjemtilos.friendships.services.plan import follow_up_plan_apply
from hjemtilos.friendships.services.visits import friendship_stability_refresh
from hjemtilos.referrals.models import CaseworkerUpdateKind, Referral
from hjemtilos.referrals.services import caseworker_update_record
from hjemtilos.volunteers.models import VolunteerFamily, Weekday

# The friendship's steps the referring caseworker is told about.
CASEWORKER_STEPS = {
    S.RUNNING: CaseworkerUpdateKind.STARTED,
    S.ENDED_EARLY: CaseworkerUpdateKind.ENDED_EARLY,
    S.COMPLETED: CaseworkerUpdateKind.COMPLETED,
}

FRIENDSHIP_WORKFLOW = Workflow(
    statuses=S,
    order=[S.PLANNED, S.RUNNING, S.COMPLETED, S.ENDED_EARLY],
    moves={
        S.PLANNED: frozenset({S.RUNNING, S.ENDED_EARLY}),
        S.RUNNING: frozenset({S.COMPLETED, S.ENDED_EARLY}),
        S.COMPLETED: frozenset(),
        S.ENDED_EARLY: frozenset(),
    },
    reason_required=frozenset({S.ENDED_EARLY}),
)

# The agreement's values the friendship carries as its current ones.
CURRENT_FIELDS = ("weekday", "pickup_time", "pickup_place", "dropoff_time", "dropoff_place")


@transaction.atomic
def friendship_transition(
    *, friendship: Friendship, to_status: str, by: User | None, reason: str = "", **fields: Any
) -> Friendship:
    """Move ``friendship`` to ``to_status`` if the workflow allows it, and record the event."""
    friendship = Friendship.objects.select_for_update().get(pk=friendship.pk)
    from_status = status_apply(friendship, FRIENDSHIP_WORKFLOW, to_status, reason=reason, **fields)
    status_event_record(
        FriendshipEvent,
        friendship=friendship,
        from_status=from_status,
        to_status=to_status,
        by=by,
        reason=reason,
    )
    kind = CASEWORKER_STEPS.get(S(to_status))
    if kind is not None:
        caseworker_update_record(
            referral=friendship.referral,
            kind=kind,
            by=by,
            end_reason_category=friendship.end_reason_category,
            continues_privately=friendship.continues_privately,
        )
    return friendship


@transaction.atomic
def friendship_create_from_match(
    *,
    referral: Referral,
    family: VolunteerFamily,
    by: User,
    contact_person: User,
    first_meeting_at: datetime | None = None,
) -> Friendship:
    """A planned friendship for an accepted match, before the first meeting.

    The caller (matching) has checked that both sides accepted and has moved
    the referral and the family to "matched". The follow-up plan's first
    tasks (friendship books, the first meeting) are created for the contact
    person.
    """
    if referral.site_id != family.site_id:
        raise ValidationError(_("The child and the family belong to different sites."))
    friendship = Friendship.objects.create(
        site=referral.site,
        child=referral.child,
        referral=referral,
        family=family,
        status=S.PLANNED,
        contact_person=contact_person,
        first_meeting_at=first_meeting_at,
    )
    status_event_record(FriendshipEvent, friendship=friendship, to_status=S.PLANNED, by=by)
    follow_up_plan_apply(friendship=friendship, by=by)
    return friendship


@transaction.atomic
def friendship_first_meeting_plan(*, friendship: Friendship, by: User, at: datetime) -> Friendship:
    """Set (or move) the date of the first meeting; its task follows."""
    friendship = Friendship.objects.select_for_update().get(pk=friendship.pk)
    if friendship.status != S.PLANNED:
        raise ValidationError(_("The first meeting has been held already."), code="not_planned")
    friendship.first_meeting_at = at
    friendship.save(update_fields=["first_meeting_at"])
    follow_up_plan_apply(friendship=friendship, by=by)
    return friendship


def _check_agreement(data: dict[str, Any]) -> None:
    missing = [
        name
        for name in ("weekday", "pickup_time", "pickup_place", "dropoff_time", "dropoff_place")
        if data.get(name) in (None, "")
    ]
    if missing:
        raise ValidationError(
            {name: _("This field is required.") for name in missing}, code="required"
        )
    if data["weekday"] not in Weekday.values:
        raise ValidationError({"weekday": _("Choose a weekday.")}, code="weekday")


def _new_agreement(
    friendship: Friendship, *, data: dict[str, Any], valid_from: date, by: User, reason: str = ""
) -> VisitAgreement:
    _check_agreement(data)
    latest = friendship.agreements.aggregate(v=Max("version"))["v"] or 0
    agreement = VisitAgreement(
        friendship=friendship,
        version=latest + 1,
        valid_from=valid_from,
        change_reason=reason,
        created_by=by,
        created_at=timezone.now(),
        **{name: data[name] for name in AGREEMENT_FIELDS if data.get(name) is not None},
    )
    agreement.full_clean()
    agreement.save()
    for name in CURRENT_FIELDS:
        setattr(friendship, name, getattr(agreement, name))
    friendship.save(update_fields=list(CURRENT_FIELDS))
    return agreement


@transaction.atomic
def first_meeting_record(
    *,
    friendship: Friendship,
    by: User,
    held_on: date,
    attendees: str,
    first_solo_on: date,
    agreement: dict[str, Any],
    staff_present: User | None = None,
    notes: str = "",
) -> Friendship:
    """Record the first meeting and its agreement; the Hjem til Os year starts.

    The first solo visit (``first_solo_on``, on the agreed weekday) starts
    the year; the visits for the whole year and the follow-up plan follow.
    """
    friendship = Friendship.objects.select_for_update().get(pk=friendship.pk)
    if friendship.status != S.PLANNED:
        raise ValidationError(_("The first meeting has been recorded already."), code="done")
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if held_on > today:
        errors["held_on"] = _("Record the meeting on or after the day it was held.")
    if first_solo_on < held_on:
        errors["first_solo_on"] = _("The first solo visit comes after the first meeting.")
    elif agreement.get("weekday") is not None and first_solo_on.weekday() != agreement["weekday"]:
        errors["first_solo_on"] = _(
            "The first solo visit is a %(day)s; the agreed weekday is %(weekday)s."
        ) % {
            "day": Weekday(first_solo_on.weekday()).label,
            "weekday": Weekday(agreement["weekday"]).label,
        }
    if not attendees.strip():
        errors["attendees"] = _("Write who attended.")
    if errors:
        raise ValidationError(errors, code="first_meeting")
    FirstMeeting.objects.create(
        friendship=friendship,
        held_on=held_on,
        attendees=attendees.strip(),
        staff_present=staff_present,
        notes=notes.strip(),
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    version = _new_agreement(friendship, data=agreement, valid_from=first_solo_on, by=by)
    friendship = friendship_transition(
        friendship=friendship,
        to_status=S.RUNNING,
        by=by,
        first_meeting_on=held_on,
        started_on=first_solo_on,
        anniversary_on=anniversary_of(first_solo_on),
    )
    visits_generate(friendship=friendship, agreement=version, from_date=first_solo_on)
    friendship_stability_refresh(friendship)
    follow_up_plan_apply(friendship=friendship, by=by)
    follow_up_tasks_complete_open(
        by=by,
        kind=FollowUpKind.FIRST_MEETING,
        outcome=_("The first meeting was recorded."),
        friendship=friendship,
    )
    return friendship


@transaction.atomic
def agreement_change(
    *, friendship: Friendship, by: User, valid_from: date, data: dict[str, Any], reason: str
) -> VisitAgreement:
    """A new version of the agreement from ``valid_from``; the visits from then on follow it.

    Earlier versions and every held, cancelled or moved visit are kept.
    """
    friendship = Friendship.objects.select_for_update().get(pk=friendship.pk)
    if friendship.status != S.RUNNING:
        raise ValidationError(_("Only a running friendship's agreement can change."))
    if valid_from < timezone.localdate():
        raise ValidationError(
            {"valid_from": _("A change applies from today or later.")}, code="past"
        )
    if friendship.anniversary_on and valid_from >= friendship.anniversary_on:
        raise ValidationError(
            {"valid_from": _("The change must apply before the anniversary.")}, code="after"
        )
    if not reason.strip():
        raise ValidationError({"change_reason": _("Say why the agreement changes.")})
    version = _new_agreement(
        friendship, data=data, valid_from=valid_from, by=by, reason=reason.strip()
    )
    visits_generate(friendship=friendship, agreement=version, from_date=valid_from)
    friendship_stability_refresh(friendship)
    return version
