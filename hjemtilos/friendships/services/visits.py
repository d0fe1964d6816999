"""Writes for visits: cancel, move, keep on a holiday, mark held; stability; reminders.

Either family cancels or moves a visit in the portal (or staff do it for
them after a call); the other family gets an SMS at once. The parent gets a
reminder SMS the day before each visit unless the family turned it off; the
job claims each visit with a conditional update, so it reminds once however
often it runs.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import User
from hjemtilos.friendships.contacts import family_of, guardians, other_side, send
from hjemtilos.friendships.dates import week_start
from hjemtilos.friendships.models import (
    CANCELLED_STATUS_BY_SIDE,
    CANCELLED_STATUSES,
    CancelReason,
    Friendship,
    FriendshipStatus,
    Side,
    Visit,
    VisitStatus,
)
from hjemtilos.friendships.services.calendar import HolidayCalendar, flag_holiday
from hjemtilos.friendships.services.month_figures import month_figures_refresh
from hjemtilos.messaging.recipients import Reach
from hjemtilos.privacy.selectors import sms_refused_keys

logger = logging.getLogger(__name__)

#: When a visit starts if the agreement has no pickup time (after school).
DEFAULT_PICKUP = time(14, 0)
# A running friendship needs staff's attention after this many cancelled
# visits in a row, or more than this many days without a held visit.
ATTENTION_CANCELLED_IN_A_ROW = 2
ATTENTION_GAP_DAYS = 21


def visit_starts_at(visit: Visit) -> datetime:
    return timezone.make_aware(datetime.combine(visit.date, visit.pickup_time or DEFAULT_PICKUP))


def notice_hours(visit: Visit, at: datetime) -> int:
    """Whole hours from ``at`` to the visit's pickup (negative when after it)."""
    return int((visit_starts_at(visit) - at).total_seconds() // 3600)


def friendship_stability_refresh(friendship: Friendship) -> None:
    """Recount the friendship's stability figures from its visits (one read, one write)."""
    rows = list(
        Visit.objects.filter(friendship=friendship)
        .order_by("date", "id")
        .values_list("date", "status", "original_date")
    )
    held = [day for day, status, _moved in rows if status == VisitStatus.HELD]
    decided = [status for _day, status, _moved in rows if status != VisitStatus.PLANNED]
    in_a_row = 0
    for status in reversed(decided):
        if status not in CANCELLED_STATUSES:
            break
        in_a_row += 1
    Friendship.objects.filter(pk=friendship.pk).update(
        visits_held=len(held),
        visits_cancelled=sum(1 for s in decided if s in CANCELLED_STATUSES),
        visits_moved=sum(1 for _d, _s, moved in rows if moved is not None),
        cancelled_by_child_family=decided.count(VisitStatus.CANCELLED_BY_CHILD_FAMILY),
        cancelled_by_volunteer_family=decided.count(VisitStatus.CANCELLED_BY_VOLUNTEER),
        last_held_on=max(held) if held else None,
        cancelled_in_a_row=in_a_row,
    )


def stability_filter(today: date) -> Q:
    """Running friendships whose visits wobble: two cancelled in a row, or a gap of 3 weeks.

    The attention list adds the feedback rule (``services.attention.attention_filter``).
    """
    cutoff = today - timedelta(days=ATTENTION_GAP_DAYS)
    return Q(status=FriendshipStatus.RUNNING) & (
        Q(cancelled_in_a_row__gte=ATTENTION_CANCELLED_IN_A_ROW)
        | Q(last_held_on__lt=cutoff)
        | Q(last_held_on__isnull=True, started_on__lt=cutoff)
    )


def _locked(visit: Visit) -> Visit:
    return (
        Visit.objects.select_for_update(of=("self",))
        .select_related("friendship__family", "friendship__child__family")
        .get(pk=visit.pk)
    )


def _check_changeable(visit: Visit) -> None:
    if visit.friendship.status != FriendshipStatus.RUNNING:
        raise ValidationError(_("The friendship is not running."), code="not_running")
    if visit.status != VisitStatus.PLANNED:
        raise ValidationError(_("This visit is no longer planned."), code="not_planned")
    if visit.date < timezone.localdate():
        raise ValidationError(_("This visit has passed."), code="passed")


def _visit_context(visit: Visit, side: str) -> dict[str, Any]:
    friendship = visit.friendship
    return {
        "child_first_name": friendship.child.first_name,
        "family_name": friendship.family.name,
        "by_side": side,
        "visit": visit,
    }


@transaction.atomic
def visit_cancel(*, visit: Visit, by: User, side: str, reason: str, note: str = "") -> Visit:
    """Cancel a planned visit for ``side``; the other family is told by SMS at once."""
    visit = _locked(visit)
    _check_changeable(visit)
    if side not in CANCELLED_STATUS_BY_SIDE:
        raise ValidationError({"side": _("Choose which family cancels.")}, code="side")
    if reason not in CancelReason.values:
        raise ValidationError({"reason": _("Choose a reason.")}, code="reason")
    now = timezone.now()
    visit.status = CANCELLED_STATUS_BY_SIDE[Side(side)]
    visit.cancelled_at = now
    visit.cancelled_by = by
    visit.cancel_reason = reason
    visit.cancel_note = note.strip()
    visit.notice_hours = notice_hours(visit, now)
    visit.save(
        update_fields=[
            "status",
            "cancelled_at",
            "cancelled_by",
            "cancel_reason",
            "cancel_note",
            "notice_hours",
        ]
    )
    friendship_stability_refresh(visit.friendship)
    month_figures_refresh(site_id=visit.friendship.site_id, days=[visit.date])
    send(
        family_of(visit.friendship, other_side(side)),
        reach=Reach.SMS_ELSE_EMAIL,
        template="visit_cancelled",
        context={**_visit_context(visit, side), "reason": CancelReason(reason).label},
        related=visit,
        by=by,
    )
    return visit


@transaction.atomic
def visit_move(
    *,
    visit: Visit,
    by: User,
    side: str,
    new_date: date,
    pickup_time: time | None = None,
    note: str = "",
) -> Visit:
    """Move a planned visit to another day (preferably the same week); the other family is told."""
    visit = _locked(visit)
    _check_changeable(visit)
    friendship = visit.friendship
    if side not in Side.values:
        raise ValidationError({"side": _("Choose which family moves the visit.")}, code="side")
    if new_date == visit.date and (pickup_time is None or pickup_time == visit.pickup_time):
        raise ValidationError({"new_date": _("Choose another day.")}, code="same_day")
    if new_date < timezone.localdate():
        raise ValidationError({"new_date": _("Choose today or a later day.")}, code="past")
    if friendship.anniversary_on and new_date >= friendship.anniversary_on:
        raise ValidationError(
            {"new_date": _("The visit must be before the anniversary.")}, code="after_year"
        )
    clash = (
        Visit.objects.filter(friendship=friendship, date=new_date)
        .exclude(pk=visit.pk)
        .exclude(status__in=CANCELLED_STATUSES)
        .exists()
    )
    if clash:
        raise ValidationError(
            {"new_date": _("There is already a visit on that day.")}, code="clash"
        )
    from_date = visit.date
    if visit.original_date is None:
        visit.original_date = visit.date
    visit.date = new_date
    if pickup_time is not None:
        visit.pickup_time = pickup_time
    visit.moved_at = timezone.now()
    visit.moved_by = by
    visit.moved_side = side
    visit.reminder_sent_at = None  # a new day gets its own reminder
    flag_holiday(visit, HolidayCalendar(friendship.site_id, new_date, new_date))
    visit.save()
    friendship_stability_refresh(friendship)
    send(
        family_of(friendship, other_side(side)),
        reach=Reach.SMS_ELSE_EMAIL,
        template="visit_moved",
        context={**_visit_context(visit, side), "from_date": from_date, "note": note.strip()},
        related=visit,
        by=by,
    )
    return visit


def moved_within_week(visit: Visit) -> bool:
    return visit.original_date is None or week_start(visit.original_date) == week_start(visit.date)


@transaction.atomic
def visit_keep_on_holiday(*, visit: Visit, by: User) -> Visit:
    """A family decides that a visit on a holiday goes ahead."""
    visit = _locked(visit)
    _check_changeable(visit)
    if not visit.holiday_name:
        raise ValidationError(_("This visit is not on a holiday."), code="no_holiday")
    visit.holiday_kept_at = timezone.now()
    visit.holiday_kept_by = by
    visit.save(update_fields=["holiday_kept_at", "holiday_kept_by"])
    return visit


@transaction.atomic
def visit_mark_held(*, visit: Visit, by: User) -> Visit:
    """Mark a visit held: by staff, or by the logbook entry written about it."""
    visit = _locked(visit)
    if visit.status == VisitStatus.HELD:
        return visit
    if visit.status != VisitStatus.PLANNED:
        raise ValidationError(_("A cancelled visit cannot be marked as held."), code="cancelled")
    if visit.date > timezone.localdate():
        raise ValidationError(_("This visit has not taken place yet."), code="future")
    visit.status = VisitStatus.HELD
    visit.held_at = timezone.now()
    visit.held_marked_by = by
    visit.save(update_fields=["status", "held_at", "held_marked_by"])
    friendship_stability_refresh(visit.friendship)
    month_figures_refresh(site_id=visit.friendship.site_id, days=[visit.date])
    return visit


def visit_reminders_send(*, today: date | None = None) -> int:
    """Daily: SMS the parent about tomorrow's visit, once per visit. Returns SMS queued.

    Each visit is claimed by setting ``reminder_sent_at`` only where it is
    still empty; a second run (or a second worker) finds nothing to claim.
    """
    today = today or timezone.localdate()
    tomorrow = today + timedelta(days=1)
    # One day's visits (a few thousand at national scale) fit in memory, so the SMS
    # consents of all their parents are asked once rather than once per visit.
    visits = list(
        Visit.objects.filter(
            date=tomorrow,
            status=VisitStatus.PLANNED,
            reminder_sent_at__isnull=True,
            friendship__status=FriendshipStatus.RUNNING,
            friendship__parent_reminders=True,
        )
        .select_related("friendship__family", "friendship__child__family")
        .prefetch_related("friendship__child__family__guardians__user")
        .order_by("id")
    )
    sms_refused = sms_refused_keys(
        person.key for visit in visits for person in guardians(visit.friendship)
    )
    sent = 0
    for visit in visits:
        with transaction.atomic():
            claimed = Visit.objects.filter(
                pk=visit.pk, reminder_sent_at__isnull=True, status=VisitStatus.PLANNED
            ).update(reminder_sent_at=timezone.now())
            if not claimed:
                continue
            sent += send(
                guardians(visit.friendship),
                reach=Reach.SMS_ELSE_EMAIL,
                template="visit_reminder",
                context={
                    "child_first_name": visit.friendship.child.first_name,
                    "family_name": visit.friendship.family.name,
                    "visit": visit,
                    "pickup_place": visit.friendship.pickup_place,
                },
                related=visit,
                sms_refused=sms_refused,
            )
    return sent


@transaction.atomic
def parent_reminders_set(*, friendship: Friendship, enabled: bool, by: User) -> Friendship:
    """The child's family turns the reminder SMS the day before a visit on or off."""
    friendship = Friendship.objects.select_for_update().get(pk=friendship.pk)
    friendship.parent_reminders = enabled
    friendship.save(update_fields=["parent_reminders"])
    return friendship
