"""Who may see friendships, their visits and logbooks, and do what with them.

Staff see the friendships of their sites and run them (first meeting,
agreement, visits, screening, ending); the advisory team sees every
friendship (a concern can arise anywhere) but runs none. Volunteers and
parents see their own friendship in the portal while it is planned or
running; when it ends the volunteer family loses access to the child's data
at once and only the deletion confirmation remains. Caseworkers only see a
status on their referral — never the logbook, the greetings between the
families or the volunteer family. Greetings are read by the two families and
by staff of the site (who pass them on with relayed feedback); the advisory
team reads concerns, not the families' greetings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone

from hjemtilos.accounts.models import Role, User
from hjemtilos.accounts.policies import has_role
from hjemtilos.friendships.models import (
    FRIENDSHIP_ACTIVE_STATUSES,
    ExtraVisit,
    ExtraVisitStatus,
    Friendship,
    FriendshipStatus,
    Greeting,
    GreetingPhoto,
    Side,
    Visit,
    VisitStatus,
)
from hjemtilos.organisations.selectors import site_ids_for_staff

if TYPE_CHECKING:
    from hjemtilos.friendships.models import LogbookEntry, SchoolHoliday

ACTIVE = FRIENDSHIP_ACTIVE_STATUSES


def can_list_friendships(user: User) -> bool:
    return has_role(user, Role.STAFF, Role.ADVISORY)


def is_staff(user: User) -> bool:
    return has_role(user, Role.STAFF)


def visible_friendships(user: User) -> QuerySet[Friendship]:
    if has_role(user, Role.ADVISORY):
        return Friendship.objects.all()
    if has_role(user, Role.STAFF):
        return Friendship.objects.filter(site_id__in=site_ids_for_staff(user))
    return Friendship.objects.none()


def can_view_friendship(user: User, friendship: Friendship) -> bool:
    """The staff side reads a friendship: staff of its site, the advisory team anywhere.

    The same rule as ``visible_friendships``, for one friendship already loaded.
    """
    if has_role(user, Role.ADVISORY):
        return True
    return has_role(user, Role.STAFF) and friendship.site_id in site_ids_for_staff(user)


def can_manage_friendship(user: User, friendship: Friendship) -> bool:
    """Staff of the friendship's site run it."""
    return has_role(user, Role.STAFF) and friendship.site_id in site_ids_for_staff(user)


# The portal ------------------------------------------------------------------


def is_portal_user(user: User) -> bool:
    return has_role(user, Role.VOLUNTEER, Role.PARENT)


def portal_friendships(user: User) -> QuerySet[Friendship]:
    """Every friendship the user is a family member of, whatever its status."""
    if has_role(user, Role.VOLUNTEER):
        return Friendship.objects.filter(
            family__members__user=user, family__members__moved_out_on__isnull=True
        )
    if has_role(user, Role.PARENT):
        return Friendship.objects.filter(child__family__guardians__user=user)
    return Friendship.objects.none()


def portal_side(user: User) -> str:
    """Which family of a friendship a portal user speaks for."""
    if has_role(user, Role.VOLUNTEER):
        return Side.VOLUNTEER_FAMILY
    if has_role(user, Role.PARENT):
        return Side.CHILD_FAMILY
    return ""


def sees_child_data(user: User, friendship: Friendship) -> bool:
    """The portal shows the child and the visits only while the friendship is active.

    Parents always see their own child; the volunteer family's access ends
    the moment the year ends or the friendship ends early (SPEC 3, step 17).
    """
    if portal_side(user) == Side.CHILD_FAMILY:
        return friendship.status in ACTIVE
    return friendship.status in ACTIVE and friendship.access_ended_at is None


def can_write_logbook(user: User, friendship: Friendship) -> bool:
    return (
        portal_side(user) == Side.VOLUNTEER_FAMILY
        and friendship.status == FriendshipStatus.RUNNING
        and friendship.access_ended_at is None
    )


def acting_side(user: User, friendship: Friendship) -> str | None:
    """The side a user changes a visit for: their own in the portal; None for staff.

    Returns "" when the user may not change the friendship's visits at all.
    """
    if can_manage_friendship(user, friendship):
        return None
    if portal_side(user) and sees_child_data(user, friendship):
        return portal_side(user)
    return ""


def visible_visits(user: User) -> QuerySet[Visit]:
    """Visits the user may see: staff of the site, advisory, or the families while active."""
    if has_role(user, Role.ADVISORY):
        return Visit.objects.all()
    if has_role(user, Role.STAFF):
        return Visit.objects.filter(friendship__site_id__in=site_ids_for_staff(user))
    side = portal_side(user)
    if not side:
        return Visit.objects.none()
    active = Q(friendship__status__in=ACTIVE)
    if side == Side.VOLUNTEER_FAMILY:
        active &= Q(friendship__access_ended_at__isnull=True)
    ids = portal_friendships(user).values("pk")
    return Visit.objects.filter(active, friendship_id__in=ids)


def can_change_visit(user: User, visit: Visit) -> bool:
    """Cancel, move or keep a planned visit that has not passed, of a visit the user sees
    (``visible_visits``): staff of the site for either family, each family for its side."""
    if visit.status != VisitStatus.PLANNED or visit.date < timezone.localdate():
        return False
    friendship = visit.friendship
    if friendship.status != FriendshipStatus.RUNNING:
        return False
    return acting_side(user, friendship) != ""


def can_mark_visit_held(user: User, visit: Visit) -> bool:
    """Staff of the site record that a visit was held (the family told them on the phone)."""
    return can_manage_friendship(user, visit.friendship)


def can_edit_school_holidays(user: User) -> bool:
    return has_role(user, Role.STAFF)


def can_remove_school_holiday(user: User, holiday: SchoolHoliday) -> bool:
    return can_edit_school_holidays(user) and holiday.site_id in site_ids_for_staff(user)


def can_screen_entry(user: User, entry: LogbookEntry) -> bool:
    """Staff of the friendship's site screen its logbook entries."""
    return can_manage_friendship(user, entry.friendship)


# Greetings between the families -------------------------------------------------


def takes_part(user: User, friendship: Friendship) -> bool:
    """A family member who still uses the friendship: running, and (for the volunteer
    family) with access to the child's data."""
    return (
        bool(portal_side(user))
        and friendship.status == FriendshipStatus.RUNNING
        and sees_child_data(user, friendship)
    )


def visible_greetings(user: User) -> QuerySet[Greeting]:
    """Greetings the user may read.

    Staff: their sites' greetings (they pass them on). A family: the
    greetings of its own friendship while it sees the child's data — its own,
    and those that reached it; never staff's records of phone feedback.
    Nobody else (caseworkers, the advisory team, administrators).
    """
    if has_role(user, Role.STAFF):
        return Greeting.objects.filter(friendship__site_id__in=site_ids_for_staff(user))
    side = portal_side(user)
    if not side:
        return Greeting.objects.none()
    active = Q(friendship__status__in=ACTIVE)
    if side == Side.VOLUNTEER_FAMILY:
        active &= Q(friendship__access_ended_at__isnull=True)
    return Greeting.objects.filter(
        active,
        Q(from_side=side) | Q(delivered_at__isnull=False),
        friendship_id__in=portal_friendships(user).values("pk"),
        by_phone=False,
    )


def can_view_greeting(user: User, greeting: Greeting) -> bool:
    """The rule of ``visible_greetings`` for one greeting already loaded."""
    friendship = greeting.friendship
    if has_role(user, Role.STAFF):
        return friendship.site_id in site_ids_for_staff(user)
    side = portal_side(user)
    return (
        bool(side)
        and sees_child_data(user, friendship)
        and not greeting.by_phone
        and (greeting.from_side == side or greeting.delivered_at is not None)
        and portal_friendships(user).filter(pk=friendship.pk).exists()
    )


def can_view_greeting_photo(user: User, photo: GreetingPhoto) -> bool:
    return can_view_greeting(user, photo.greeting)


def can_relay_greeting(user: User, greeting: Greeting) -> bool:
    """Staff of the site pass on a greeting waiting for them (relayed feedback)."""
    return greeting.is_waiting and can_manage_friendship(user, greeting.friendship)


def can_give_photo_consent(user: User, friendship: Friendship) -> bool:
    """The parent agrees to (or withdraws) photos of the child in greetings."""
    return portal_side(user) == Side.CHILD_FAMILY and takes_part(user, friendship)


# Extra visits -------------------------------------------------------------------


def can_decide_extra_visit(user: User, extra: ExtraVisit) -> bool:
    """Staff of the site settle an extra visit the family talked through with them."""
    return extra.status in (
        ExtraVisitStatus.ASKED,
        ExtraVisitStatus.NOT_NOW,
    ) and can_manage_friendship(user, extra.friendship)


def can_cancel_extra_visit(user: User, extra: ExtraVisit) -> bool:
    """Either family (or staff) cancels an extra visit that has not passed."""
    if extra.status not in (ExtraVisitStatus.ASKED, ExtraVisitStatus.PLANNED):
        return False
    if extra.date < timezone.localdate():
        return False
    friendship = extra.friendship
    return can_manage_friendship(user, friendship) or takes_part(user, friendship)
