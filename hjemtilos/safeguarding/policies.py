"""Who may see and act on concerns and inquiries.

A concern is seen only by the friendship's contact person and the
child-welfare advisory team (SPEC 5: "only the advisory team and the staff on
the case"); administrators run the system and see no concern
(docs/need-to-know.md). It may be raised by the volunteer family
of a running friendship (in the portal) or by staff of the site (after a
phone call). Inquiries from professionals are staff matters: staff of the
site and the advisory team; never the families or the caseworker.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from hjemtilos.accounts.models import Role, User
from hjemtilos.accounts.policies import has_role
from hjemtilos.friendships.models import Friendship, Side
from hjemtilos.friendships.policies import can_manage_friendship, portal_side, sees_child_data
from hjemtilos.organisations.selectors import site_ids_for_staff
from hjemtilos.safeguarding.models import Concern, ConcernStatus, Inquiry


def can_list_concerns(user: User) -> bool:
    return has_role(user, Role.STAFF, Role.ADVISORY)


def visible_concerns(user: User) -> QuerySet[Concern]:
    if has_role(user, Role.ADVISORY):
        return Concern.objects.all()
    if has_role(user, Role.STAFF):
        return Concern.objects.filter(
            Q(contact_person=user) | Q(friendship__contact_person=user)
        ).distinct()
    return Concern.objects.none()


def can_view_concern(user: User, concern: Concern) -> bool:
    """The same rule as ``visible_concerns``, for one concern loaded with its friendship."""
    if has_role(user, Role.ADVISORY):
        return True
    return has_role(user, Role.STAFF) and user.pk in (
        concern.contact_person_id,
        concern.friendship.contact_person_id,
    )


def can_raise_concern(user: User, friendship: Friendship) -> bool:
    """Staff of the site (from a call), or the volunteer family while the friendship runs."""
    if not friendship.is_active:
        return can_manage_friendship(user, friendship)
    if can_manage_friendship(user, friendship):
        return True
    return portal_side(user) == Side.VOLUNTEER_FAMILY and sees_child_data(user, friendship)


def can_act_on_concern(user: User, concern: Concern) -> bool:
    """The contact person and the advisory team record the steps."""
    if concern.status == ConcernStatus.CLOSED:
        return False
    if has_role(user, Role.ADVISORY):
        return True
    return has_role(user, Role.STAFF) and user.pk in (
        concern.contact_person_id,
        concern.friendship.contact_person_id,
    )


def can_see_inquiries(user: User, friendship: Friendship) -> bool:
    return has_role(user, Role.ADVISORY) or can_manage_friendship(user, friendship)


def visible_inquiries(user: User) -> QuerySet[Inquiry]:
    if has_role(user, Role.ADVISORY):
        return Inquiry.objects.all()
    if has_role(user, Role.STAFF):
        return Inquiry.objects.filter(friendship__site_id__in=site_ids_for_staff(user))
    return Inquiry.objects.none()


def can_view_inquiry(user: User, inquiry: Inquiry) -> bool:
    """The same rule as ``visible_inquiries``, for one inquiry loaded with its friendship."""
    return can_see_inquiries(user, inquiry.friendship)


def can_register_inquiry(user: User, friendship: Friendship) -> bool:
    return can_manage_friendship(user, friendship)
