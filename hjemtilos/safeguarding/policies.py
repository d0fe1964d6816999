"""Who may see and act on concerns, notifications and inquiries.

A concern is seen only by the advisory team and the staff on the case
(SPEC 5), decided in docs/decisions/0042-safeguarding-workflow.md:

- the child-welfare advisory team sees every concern (its queue is
  national) and does the assessment, the steps around a notification and
  the notification itself;
- the staff on the case are the friendship's current contact person and
  the contact person the concern was given to when it was raised (they may
  differ after a hand-over). They read the whole case and add to its
  timeline (taking it on, notes, follow-up); other staff at the site, the
  site lead included, do not learn that it exists;
- administrators run the system and see no concern, assessment or
  notification; they keep the municipalities' notification addresses and
  appoint the advisory team's lead;
- the advisory lead (an advisory member appointed by an administrator)
  also reads the team's report and who read which concern.

A concern may be raised by the volunteer family of a running friendship
(in the portal) or by staff of the site. Inquiries from professionals are
staff matters: staff of the site and the advisory team; never the families
or the caseworker.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from hjemtilos.accounts.models import Role, User
from hjemtilos.accounts.policies import has_role
from hjemtilos.friendships.models import Friendship, Side
from hjemtilos.friendships.policies import can_manage_friendship, portal_side, sees_child_data
from hjemtilos.organisations.models import Municipality
from hjemtilos.organisations.selectors import site_ids_for_staff
from hjemtilos.safeguarding.models import (
    ASSESSABLE_STATUSES,
    AdvisoryLead,
    Concern,
    ConcernStatus,
    Inquiry,
    Notification,
    NotificationStatus,
)

# Kept in the user instance's ``__dict__`` for the request, as ``site_ids_for_staff`` does.
_LEAD_CACHE = "_hjemtilos_advisory_lead"


def is_advisory(user: User) -> bool:
    return has_role(user, Role.ADVISORY)


def is_advisory_lead(user: User) -> bool:
    """A member of the advisory team appointed its lead (read once per request)."""
    if not is_advisory(user):
        return False
    cached: bool | None = user.__dict__.get(_LEAD_CACHE)
    if cached is None:
        cached = AdvisoryLead.objects.filter(user=user).exists()
        user.__dict__[_LEAD_CACHE] = cached
    return cached


# Concerns --------------------------------------------------------------------


def can_list_concerns(user: User) -> bool:
    return has_role(user, Role.STAFF, Role.ADVISORY)


def visible_concerns(user: User) -> QuerySet[Concern]:
    if is_advisory(user):
        return Concern.objects.all()
    if has_role(user, Role.STAFF):
        return Concern.objects.filter(Q(contact_person=user) | Q(friendship__contact_person=user))
    return Concern.objects.none()


def is_on_the_case(user: User, concern: Concern) -> bool:
    """Staff on the case: the friendship's contact person, or the one the concern was given to."""
    return has_role(user, Role.STAFF) and user.pk in (
        concern.contact_person_id,
        concern.friendship.contact_person_id,
    )


def can_view_concern(user: User, concern: Concern) -> bool:
    """The same rule as ``visible_concerns``, for one concern loaded with its friendship."""
    return is_advisory(user) or is_on_the_case(user, concern)


def can_add_entry(user: User, concern: Concern) -> bool:
    """Notes, follow-up, the municipality's reply and corrections: everyone on the case."""
    return can_view_concern(user, concern)


def can_take_on(user: User, concern: Concern) -> bool:
    """The contact person confirms they have read the concern and act on it."""
    return is_on_the_case(user, concern) and concern.is_open


def can_assess(user: User, concern: Concern) -> bool:
    return is_advisory(user) and concern.status in ASSESSABLE_STATUSES


def can_run_concern(user: User, concern: Concern) -> bool:
    """The advisory team moves the concern on: takes it, records the steps, closes, reopens."""
    return is_advisory(user)


def can_raise_concern(user: User, friendship: Friendship) -> bool:
    """Staff of the site (from a call), or the volunteer family while the friendship runs."""
    if not friendship.is_active:
        return can_manage_friendship(user, friendship)
    if can_manage_friendship(user, friendship):
        return True
    return portal_side(user) == Side.VOLUNTEER_FAMILY and sees_child_data(user, friendship)


# Notifications -----------------------------------------------------------------


def can_write_notification(user: User, concern: Concern) -> bool:
    return is_advisory(user) and concern.status == ConcernStatus.NOTIFYING


def can_view_notification(user: User, notification: Notification) -> bool:
    """Whoever may see the concern may read its notifications (loaded with the concern)."""
    return can_view_concern(user, notification.concern)


def can_edit_notification(user: User, notification: Notification) -> bool:
    return is_advisory(user) and notification.status == NotificationStatus.DRAFT


def can_send_notification(user: User, notification: Notification) -> bool:
    return is_advisory(user) and notification.status in (
        NotificationStatus.DRAFT,
        NotificationStatus.FAILED,
    )


def can_acknowledge(user: User, notification: Notification) -> bool:
    return (
        is_advisory(user)
        and notification.status == NotificationStatus.SENT
        and notification.acknowledged_on is None
    )


# The advisory lead and administrators ---------------------------------------------


def can_view_reads(user: User) -> bool:
    """Who read which concern: the advisory lead."""
    return is_advisory_lead(user)


def can_view_safeguarding_report(user: User) -> bool:
    return is_advisory_lead(user)


def can_appoint_advisory_lead(user: User) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def can_edit_municipality_contacts(user: User) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def can_edit_municipality(user: User, municipality: Municipality) -> bool:
    return can_edit_municipality_contacts(user)


# Inquiries from professionals ---------------------------------------------------


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
