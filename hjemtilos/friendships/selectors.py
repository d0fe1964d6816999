"""Reads for friendships, visits and logbooks: staff pages, the portal and the home pages.

Every function runs a fixed number of queries, whatever the amount of data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, F, FilteredRelation, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemtilos.accounts.models import User
from hjemtilos.core.access import fetch_or_refuse
from hjemtilos.followups.models import FollowUpTask, ShownTo, SupervisionInvitation
from hjemtilos.followups.selectors import OPEN_FIRST
from hjemtilos.friendships import policies
from hjemtilos.friendships.models import (
    DeletionConfirmation,
    ExtraVisit,
    ExtraVisitStatus,
    Friendship,
    FriendshipStatus,
    Greeting,
    GreetingPhoto,
    GuidanceRead,
    LogbookEntry,
    SchoolHoliday,
    Side,
    Visit,
    VisitAgreement,
    VisitStatus,
)
from hjemtilos.friendships.services.attention import attention_filter
from hjemtilos.friendships.services.calendar import longest_gap
from hjemtilos.friendships.services.ending import future_agreement_opens_on
from hjemtilos.friendships.services.greetings import feedback_stale_sides
from hjemtilos.friendships.services.visits import (
    ATTENTION_CANCELLED_IN_A_ROW,
    ATTENTION_GAP_DAYS,
)
from hjemtilos.organisations.selectors import site_ids_for_staff

#: A logbook entry not screened this long after it was written is flagged.
SCREENING_DUE = timedelta(days=7)


def friendship_list(*, user: User, status: str = "") -> QuerySet[Friendship]:
    qs = policies.visible_friendships(user).select_related("site", "child", "family")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-started_on", "-id")


def _friendship_page() -> QuerySet[Friendship]:
    """A friendship with what its staff pages show."""
    return Friendship.objects.select_related(
        "site",
        "child__family",
        "family",
        "referral",
        "contact_person",
        "first_meeting__staff_present",
        "future_agreement",
    )


def friendship_for_staff_or_404(*, user: User, pk: int) -> Friendship:
    """A friendship for the staff side's reading pages: staff of its site, the advisory team.

    Other roles get 403; a friendship out of the user's reach is a 404. When each family read
    the guidance for the end of the year is joined in (read by ``guidance_read_at``), so the
    friendship's page spends no statement of its own on it.
    """
    reads = {
        f"guidance_{side}": FilteredRelation(
            "guidance_reads", condition=Q(guidance_reads__side=side)
        )
        for side in Side.values
    }
    # At most one row per family (a unique constraint): the joins add no rows.
    return fetch_or_refuse(
        _friendship_page()
        .alias(**reads)
        .annotate(**{f"{name}_read_at": F(f"{name}__read_at") for name in reads}),
        user=user,
        pk=pk,
        page=policies.can_list_friendships,
        visible=policies.can_view_friendship,
    )


def friendship_for_managing_or_404(*, user: User, pk: int) -> Friendship:
    """A friendship for the pages that run it: staff of its site (other roles 403; else 404)."""
    return fetch_or_refuse(
        _friendship_page(),
        user=user,
        pk=pk,
        page=policies.is_staff,
        visible=policies.can_manage_friendship,
    )


@dataclass(frozen=True)
class Stability:
    held: int
    cancelled: int
    moved: int
    by_child_family: int
    by_volunteer_family: int
    cancelled_in_a_row: int
    longest_gap_days: int
    current_gap_days: int | None
    needs_attention: bool


def stability(friendship: Friendship, visits: list[Visit], today: date | None = None) -> Stability:
    """The friendship's stability from its counters and (for the gaps) its visits."""
    today = today or timezone.localdate()
    held = [v.date for v in visits if v.status == VisitStatus.HELD]
    since = friendship.last_held_on or friendship.started_on
    current = (today - since).days if since and since <= today else None
    running = friendship.status == FriendshipStatus.RUNNING
    return Stability(
        held=friendship.visits_held,
        cancelled=friendship.visits_cancelled,
        moved=friendship.visits_moved,
        by_child_family=friendship.cancelled_by_child_family,
        by_volunteer_family=friendship.cancelled_by_volunteer_family,
        cancelled_in_a_row=friendship.cancelled_in_a_row,
        longest_gap_days=longest_gap(friendship.started_on, held, min(today, _end(friendship))),
        current_gap_days=current if running else None,
        needs_attention=running
        and (
            friendship.cancelled_in_a_row >= ATTENTION_CANCELLED_IN_A_ROW
            or (current is not None and current > ATTENTION_GAP_DAYS)
        ),
    )


def _end(friendship: Friendship) -> date:
    return friendship.ended_on or friendship.anniversary_on or date.max


def year_visits(friendship: Friendship) -> list[Visit]:
    return list(friendship.visits.select_related("cancelled_by", "moved_by").order_by("date", "id"))


def agreements(friendship: Friendship) -> list[VisitAgreement]:
    return list(friendship.agreements.select_related("created_by").order_by("-version"))


def recent_visits(friendship: Friendship, limit: int = 20) -> list[Visit]:
    return list(friendship.visits.order_by("-date")[:limit])


def recent_logbook_entries(friendship: Friendship, limit: int = 10) -> list[LogbookEntry]:
    return list(
        friendship.logbook_entries.select_related("written_by", "visit", "screened_by").order_by(
            "-written_at"
        )[:limit]
    )


def friendship_tasks(friendship: Friendship) -> list[FollowUpTask]:
    """The friendship's tasks: open first by date, then the done ones.

    Not a concern's task: a concern is seen only by the staff on the case (SPEC 5), who
    find it in their own tasks and in the page's concerns section.
    """
    tasks = list(
        FollowUpTask.objects.filter(
            friendship=friendship, cancelled_at__isnull=True, concern__isnull=True
        )
        .select_related("owner", "completed_by")
        .annotate(attempt_count=Count("attempts"))
        .order_by(*OPEN_FIRST)
    )
    for task in tasks:  # a task's links ask about its friendship: the one loaded already
        task.friendship = friendship
    return tasks


def deletion_confirmations(friendship: Friendship) -> list[DeletionConfirmation]:
    return list(friendship.deletion_confirmations.select_related("confirmed_by", "recorded_by"))


def events(friendship: Friendship) -> list[Any]:
    return list(friendship.events.select_related("by"))


# Staff lists ---------------------------------------------------------------------


def screening_queue(*, user: User, site_id: int | None = None) -> QuerySet[LogbookEntry]:
    """Unscreened logbook entries at the user's sites, oldest first."""
    sites = site_ids_for_staff(user)
    if site_id is not None:
        sites = sites & {site_id}
    return (
        LogbookEntry.objects.filter(screened_at__isnull=True, friendship__site_id__in=sites)
        .select_related(
            "friendship__child", "friendship__family", "friendship__site", "written_by", "visit"
        )
        .order_by("written_at", "id")
    )


def screening_waiting_count(user: User) -> int:
    """The menu's count: unscreened logbook entries at the user's sites."""
    return LogbookEntry.objects.filter(
        screened_at__isnull=True, friendship__site_id__in=site_ids_for_staff(user)
    ).count()


def attention_list(*, user: User) -> QuerySet[Friendship]:
    return (
        policies.visible_friendships(user)
        .filter(attention_filter(timezone.localdate()))
        .select_related("site", "child", "family", "contact_person")
        .order_by("last_held_on", "started_on", "id")
    )


@dataclass(frozen=True)
class AttentionRow:
    """A friendship on the attention list and why it is there."""

    friendship: Friendship
    reasons: list[str]


def attention_row(friendship: Friendship, today: date) -> AttentionRow:
    """Why ``friendship`` is on the attention list (the rules of ``attention_filter``)."""
    reasons = []
    if friendship.status == FriendshipStatus.RUNNING:
        if friendship.cancelled_in_a_row >= ATTENTION_CANCELLED_IN_A_ROW:
            reasons.append(
                str(_("%(n)s visits in a row cancelled")) % {"n": friendship.cancelled_in_a_row}
            )
        since = friendship.last_held_on or friendship.started_on
        if since is not None and (today - since).days > ATTENTION_GAP_DAYS:
            reasons.append(str(_("More than three weeks without a visit")))
    stale = feedback_stale_sides(friendship, today)
    if Side.CHILD_FAMILY in stale:
        reasons.append(str(_("No greeting has reached the child's family for 4 weeks")))
    if Side.VOLUNTEER_FAMILY in stale:
        reasons.append(str(_("No greeting has reached the volunteer family for 4 weeks")))
    return AttentionRow(friendship=friendship, reasons=reasons)


def staff_year_figures(site_ids: Any, user: User) -> dict[str, Any]:
    """For the staff home page: what needs attention in the friendship year (4 queries)."""
    now = timezone.now()
    today = timezone.localdate()
    logbook = LogbookEntry.objects.filter(
        friendship__site_id__in=site_ids, screened_at__isnull=True
    ).aggregate(
        unscreened=Count("id"),
        overdue=Count("id", filter=Q(written_at__lt=now - SCREENING_DUE)),
    )
    attention = (
        Friendship.objects.filter(site_id__in=site_ids).filter(attention_filter(today)).count()
    )
    tasks = (
        FollowUpTask.objects.open()
        .filter(owner=user)
        .aggregate(
            overdue=Count("id", filter=Q(due_on__lt=today)),
            urgent=Count("id", filter=Q(is_urgent=True)),
        )
    )
    return {
        "unscreened": logbook["unscreened"],
        "unscreened_overdue": logbook["overdue"],
        "attention": attention,
        "tasks_overdue": tasks["overdue"],
        "tasks_urgent": tasks["urgent"],
    }


def school_holiday_for_staff_or_404(*, user: User, pk: int) -> SchoolHoliday:
    """A school holiday of one of the staff member's sites (other roles 403; else 404)."""
    return fetch_or_refuse(
        SchoolHoliday.objects.all(),
        user=user,
        pk=pk,
        page=policies.can_edit_school_holidays,
        visible=policies.can_remove_school_holiday,
    )


def logbook_entry_for_screening_or_404(*, user: User, pk: int) -> LogbookEntry:
    """A logbook entry at one of the staff member's sites, to screen (other roles 403)."""
    return fetch_or_refuse(
        LogbookEntry.objects.select_related(
            "friendship__child", "friendship__family", "written_by", "visit"
        ),
        user=user,
        pk=pk,
        page=policies.is_staff,
        visible=policies.can_screen_entry,
    )


def _visits(user: User) -> QuerySet[Visit]:
    return policies.visible_visits(user).select_related(
        "friendship__child", "friendship__family", "friendship__site"
    )


def visit_for_user_or_404(*, user: User, pk: int) -> Visit:
    """A visit the user may see: staff of the site, the advisory team, the families while active."""
    return fetch_or_refuse(_visits(user), user=user, pk=pk)


def visit_for_change_or_404(*, user: User, pk: int) -> Visit:
    """A visit the user may cancel, move or keep: planned, not passed, in a running friendship.

    Staff of the site act for either family; each family for its own side
    (``policies.acting_side``). A visit the user cannot see is a 404.
    """
    return fetch_or_refuse(
        _visits(user),
        user=user,
        pk=pk,
        allowed=policies.can_change_visit,
        refusal=_("This visit cannot be changed."),
    )


def visit_for_managing_or_404(*, user: User, pk: int) -> Visit:
    """A visit staff of the friendship's site record (held); others who see it get 403."""
    return fetch_or_refuse(_visits(user), user=user, pk=pk, allowed=policies.can_mark_visit_held)


def school_holidays(*, user: User) -> QuerySet[SchoolHoliday]:
    return (
        SchoolHoliday.objects.filter(site_id__in=site_ids_for_staff(user))
        .select_related("site")
        .order_by("site__name", "starts_on")
    )


# The portal -------------------------------------------------------------------------


def _portal_page(user: User) -> QuerySet[Friendship]:
    return policies.portal_friendships(user).select_related(
        "site",
        "child",
        "family",
        "contact_person",
        "family__contact_person",
        "future_agreement",
    )


def friendship_for_portal_or_404(*, user: User, pk: int) -> Friendship:
    """One of the family's own friendships, for the portal (other roles 403; else 404)."""
    return fetch_or_refuse(_portal_page(user), user=user, pk=pk, page=policies.is_portal_user)


def friendship_for_logbook_or_404(*, user: User, pk: int) -> Friendship:
    """The volunteer family's running friendship, to write in its logbook.

    A friendship the user is not a family member of is a 404; one they may
    not write about (the parent's side, or after the year) a 403.
    """
    return fetch_or_refuse(
        _portal_page(user),
        user=user,
        pk=pk,
        allowed=policies.can_write_logbook,
        refusal=_("Only the volunteer family writes the logbook."),
    )


def portal_list(*, user: User) -> list[Friendship]:
    return list(
        policies.portal_friendships(user)
        .select_related("child", "family", "contact_person", "family__contact_person")
        .distinct()
        .order_by("-created_at")
    )


def upcoming_visits(friendship: Friendship, *, limit: int = 8) -> list[Visit]:
    today = timezone.localdate()
    return list(
        friendship.visits.filter(date__gte=today)
        .exclude(status=VisitStatus.HELD)
        .order_by("date", "id")[:limit]
    )


def holiday_decisions(friendship: Friendship) -> list[Visit]:
    """Planned visits on a holiday that wait for the families' decision."""
    return list(
        friendship.visits.filter(
            date__gte=timezone.localdate(),
            status=VisitStatus.PLANNED,
            holiday_kept_at__isnull=True,
        )
        .exclude(holiday_name="")
        .order_by("date")
    )


def visits_to_log(friendship: Friendship, *, days: int = 45) -> list[Visit]:
    """Visits the volunteer family can write about: recent, not cancelled, no entry yet."""
    today = timezone.localdate()
    return list(
        friendship.visits.filter(
            date__lte=today,
            date__gte=today - timedelta(days=days),
            status__in=(VisitStatus.PLANNED, VisitStatus.HELD),
            logbook_entry__isnull=True,
        ).order_by("-date")
    )


def greeting_visits(friendship: Friendship, *, days: int = 45) -> list[Visit]:
    """Recent visits a greeting can be about: on the day or after, not cancelled."""
    today = timezone.localdate()
    return list(
        friendship.visits.filter(
            date__lte=today,
            date__gte=today - timedelta(days=days),
            status__in=(VisitStatus.PLANNED, VisitStatus.HELD),
        ).order_by("-date")
    )


def current_agreement(friendship: Friendship) -> VisitAgreement | None:
    return friendship.agreements.order_by("-version").first()


@dataclass(frozen=True)
class CalendarItem:
    """One line of a family's own calendar (*årshjul*) in the portal."""

    on: date
    title: str
    kind: str
    url: str = ""


def family_calendar(friendship: Friendship, side: str, today: date | None = None) -> list[Any]:
    """What happens next and when, for one family: no staff titles, notes or outcomes."""
    today = today or timezone.localdate()
    shown = [ShownTo.BOTH, ShownTo.PARENT if side == Side.CHILD_FAMILY else ShownTo.VOLUNTEER]
    items: list[CalendarItem] = [
        CalendarItem(task.due_on, task.family_title or str(task.get_kind_display()), "task")
        for task in FollowUpTask.objects.filter(
            friendship=friendship,
            shown_to__in=shown,
            cancelled_at__isnull=True,
            completed_at__isnull=True,
            due_on__gte=today - timedelta(days=7),
        ).only("due_on", "family_title", "kind")
    ]
    if side == Side.VOLUNTEER_FAMILY:
        for invitation in SupervisionInvitation.objects.filter(
            family_id=friendship.family_id,
            session__starts_at__gte=timezone.now(),
            session__cancelled_at__isnull=True,
        ).select_related("session"):
            session = invitation.session
            items.append(
                CalendarItem(
                    timezone.localdate(session.starts_at),
                    str(_("Group supervision online, %(time)s"))
                    % {"time": timezone.localtime(session.starts_at).strftime("%H:%M")},
                    "supervision",
                    session.meeting_url,
                )
            )
    opens = future_agreement_opens_on(friendship)
    if opens and opens >= today:
        items.append(
            CalendarItem(opens, str(_("Talks about the future agreement begin")), "future")
        )
    if friendship.anniversary_on and friendship.anniversary_on >= today:
        items.append(
            CalendarItem(
                friendship.anniversary_on,
                str(_("The anniversary: the Hjem til Os year ends")),
                "anniversary",
            )
        )
    return sorted(items, key=lambda item: item.on)


def own_logbook_entries(friendship: Friendship, limit: int = 5) -> list[LogbookEntry]:
    return list(friendship.logbook_entries.select_related("visit").order_by("-written_at")[:limit])


def deletion_for(friendship: Friendship, side: str) -> DeletionConfirmation | None:
    return friendship.deletion_confirmations.filter(side=side).first()


def feed_visits(*, user: User, limit: int = 200) -> list[Visit]:
    """Upcoming planned visits of the user's active friendships, for the calendar feed."""
    return list(
        policies.visible_visits(user)
        .filter(date__gte=timezone.localdate(), status=VisitStatus.PLANNED)
        .select_related("friendship__child")
        .order_by("date", "id")[:limit]
    )


def home_summary(friendships: list[Friendship]) -> dict[int, dict[str, Any]]:
    """For the portal home pages: each friendship's next visit and open holiday decisions."""
    today = timezone.localdate()
    ids = [f.pk for f in friendships]
    next_visits: dict[int, Visit] = {}
    for visit in Visit.objects.filter(
        friendship_id__in=ids, date__gte=today, status=VisitStatus.PLANNED
    ).order_by("friendship_id", "date"):
        next_visits.setdefault(visit.friendship_id, visit)
    pending = dict(
        Visit.objects.filter(
            friendship_id__in=ids,
            date__gte=today,
            status=VisitStatus.PLANNED,
            holiday_kept_at__isnull=True,
        )
        .exclude(holiday_name="")
        .values_list("friendship_id")
        .annotate(n=Count("id"))
    )
    return {
        pk: {"next_visit": next_visits.get(pk), "holiday_decisions": pending.get(pk, 0)}
        for pk in ids
    }


def portal_home(user: User) -> dict[str, Any]:
    """The home page's friendship part for a volunteer or a parent (four queries).

    Active friendships with their next visit; ended ones only while the
    family still has to confirm a deletion (and then without the child's data).
    """
    side = policies.portal_side(user)
    friendships = list(
        policies.portal_friendships(user)
        .select_related("child", "family__contact_person", "contact_person")
        .distinct()
        .order_by("-created_at")
    )
    active = [f for f in friendships if policies.sees_child_data(user, f)]
    summary = home_summary(active)
    ended_ids = [f.pk for f in friendships if f not in active]
    pending = list(
        DeletionConfirmation.objects.filter(
            friendship_id__in=ended_ids, side=side, confirmed_at__isnull=True
        ).order_by("requested_at")
    )
    items = []
    for friendship in active:
        visit = summary[friendship.pk]["next_visit"]
        items.append(
            {
                "friendship": friendship,
                "next_visit": visit,
                "next_visit_on": visit.date if visit else None,
                "holiday_decisions": summary[friendship.pk]["holiday_decisions"],
                "can_write_logbook": policies.can_write_logbook(user, friendship),
            }
        )
    return {"items": items, "ended": pending, "has_ended": bool(ended_ids)}


# Greetings between the families ------------------------------------------------------


def _greetings() -> QuerySet[Greeting]:
    return Greeting.objects.select_related("visit", "reply_to", "written_by").prefetch_related(
        "photos"
    )


def portal_greetings(*, user: User, friendship: Friendship) -> list[Greeting]:
    """The year's greetings as the family sees them, newest first (two queries)."""
    return list(
        _greetings()
        .filter(pk__in=policies.visible_greetings(user).filter(friendship=friendship).values("pk"))
        .order_by("-written_at", "-id")
    )


def staff_greetings(friendship: Friendship, limit: int = 10) -> list[Greeting]:
    """The latest greetings and phone feedback, for the friendship's staff page."""
    return list(
        _greetings()
        .select_related("passed_on_by")
        .filter(friendship=friendship)
        .order_by("-written_at", "-id")[:limit]
    )


def relay_queue(*, user: User) -> QuerySet[Greeting]:
    """Greetings waiting for staff to pass them on at the user's sites, the user's own
    friendships first, oldest first."""
    return (
        policies.visible_greetings(user)
        .filter(via_contact_person=True, delivered_at__isnull=True)
        .select_related(
            "friendship__child", "friendship__family", "friendship__contact_person", "written_by"
        )
        .order_by("written_at", "id")
    )


def greeting_for_relay_or_404(*, user: User, pk: int) -> Greeting:
    """A greeting waiting to be passed on, for staff of its site (other roles 403; else 404)."""
    return fetch_or_refuse(
        _greetings().select_related("friendship__child__family", "friendship__family"),
        user=user,
        pk=pk,
        page=policies.is_staff,
        visible=policies.can_view_greeting,
        allowed=policies.can_relay_greeting,
        refusal=_("This greeting has been passed on already."),
    )


def greeting_to_reply_or_404(*, user: User, pk: int) -> Greeting:
    """A greeting the user's family received, to reply to (else 404)."""
    return fetch_or_refuse(
        policies.visible_greetings(user)
        .exclude(from_side=policies.portal_side(user))
        .select_related("friendship"),
        user=user,
        pk=pk,
        page=policies.is_portal_user,
    )


def greeting_photo_for_user_or_404(*, user: User, pk: int) -> GreetingPhoto:
    """A greeting's photo for the two families and staff of the site; anyone else 404."""
    return fetch_or_refuse(
        GreetingPhoto.objects.filter(greeting__in=policies.visible_greetings(user).values("pk")),
        user=user,
        pk=pk,
    )


# Extra visits --------------------------------------------------------------------------


def extra_visits(friendship: Friendship, *, upcoming_only: bool = False) -> list[ExtraVisit]:
    rows = friendship.extra_visits.order_by("date", "id")
    if upcoming_only:
        rows = rows.filter(
            date__gte=timezone.localdate(),
            status__in=(ExtraVisitStatus.ASKED, ExtraVisitStatus.PLANNED),
        )
    return list(rows)


def _extra_visits(user: User) -> QuerySet[ExtraVisit]:
    if policies.is_staff(user):
        return ExtraVisit.objects.filter(friendship__in=policies.visible_friendships(user))
    return ExtraVisit.objects.filter(friendship__in=policies.portal_friendships(user))


def extra_visit_for_decision_or_404(*, user: User, pk: int) -> ExtraVisit:
    """An extra visit staff of the site settle after the talk (other roles 403; else 404)."""
    return fetch_or_refuse(
        ExtraVisit.objects.select_related("friendship__child", "friendship__family"),
        user=user,
        pk=pk,
        page=policies.is_staff,
        visible=lambda user, extra: policies.can_manage_friendship(user, extra.friendship),
        allowed=policies.can_decide_extra_visit,
        refusal=_("This extra visit has been settled."),
    )


def extra_visit_for_cancel_or_404(*, user: User, pk: int) -> ExtraVisit:
    """An extra visit the user's family (or staff of the site) may cancel."""
    return fetch_or_refuse(
        _extra_visits(user).select_related("friendship__child", "friendship__family"),
        user=user,
        pk=pk,
        allowed=policies.can_cancel_extra_visit,
        refusal=_("This extra visit cannot be cancelled."),
    )


def guidance_reads(friendship: Friendship) -> dict[str, GuidanceRead]:
    """Which family has read the guidance for the end of the year, by side."""
    return {read.side: read for read in friendship.guidance_reads.all()}


def guidance_read_at(friendship: Friendship) -> dict[str, datetime]:
    """When each family that read the guidance read it, by side, for a friendship from
    ``friendship_for_staff_or_404`` (no query)."""
    read_at = {side: getattr(friendship, f"guidance_{side}_read_at") for side in Side.values}
    return {side: at for side, at in read_at.items() if at is not None}
