"""Who may see and do what in the support for volunteer families.

Individual follow-up conversations are read like the logbook: staff of the
site and the advisory team; staff of the site record them. The talk with the
psychologist is seen by the friendship's contact person and the advisory
team only — not by other staff of the site, not by the family's portal, not
in task lists. Joint events and supervision groups are run by staff of the
site; a volunteer family answers its own invitations. Caseworkers,
evaluators and administrators see none of it.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from hjemtilos.accounts.models import Role, User
from hjemtilos.accounts.policies import has_role
from hjemtilos.friendships import policies as friendship_policies
from hjemtilos.friendships.models import Friendship, FriendshipStatus
from hjemtilos.organisations.selectors import site_ids_for_staff
from hjemtilos.support.models import (
    JointEvent,
    JointEventInvitation,
    PsychologistConversation,
    SupervisionGroup,
)
from hjemtilos.volunteers.policies import portal_member


def is_staff(user: User) -> bool:
    return has_role(user, Role.STAFF)


# Follow-up conversations and calls ------------------------------------------------


def can_record_conversation(user: User, friendship: Friendship) -> bool:
    return friendship_policies.can_manage_friendship(user, friendship)


def can_read_conversations(user: User, friendship: Friendship) -> bool:
    return friendship_policies.can_view_friendship(user, friendship)


def can_ask_for_call(user: User, friendship: Friendship) -> bool:
    """Either family asks its contact person to call ("ring til os") while it takes part."""
    return friendship_policies.takes_part(user, friendship)


# The psychologist -----------------------------------------------------------------


def is_contact_person(user: User, friendship: Friendship) -> bool:
    """The friendship's contact person (or, lacking one, the volunteer family's)."""
    contact_id = friendship.contact_person_id or friendship.family.contact_person_id
    return (
        has_role(user, Role.STAFF)
        and contact_id == user.pk
        and friendship.site_id in site_ids_for_staff(user)
    )


def can_see_psychologist(user: User, friendship: Friendship) -> bool:
    """The contact person and the advisory team, and no one else."""
    return has_role(user, Role.ADVISORY) or is_contact_person(user, friendship)


def can_offer_psychologist(user: User, friendship: Friendship) -> bool:
    return friendship.status == FriendshipStatus.RUNNING and can_see_psychologist(user, friendship)


def can_see_psychologist_conversation(user: User, talk: PsychologistConversation) -> bool:
    return can_see_psychologist(user, talk.friendship)


# Joint events and supervision groups ----------------------------------------------


def visible_events(user: User) -> QuerySet[JointEvent]:
    if has_role(user, Role.STAFF):
        return JointEvent.objects.filter(site_id__in=site_ids_for_staff(user))
    return JointEvent.objects.none()


def can_manage_event(user: User, event: JointEvent) -> bool:
    return has_role(user, Role.STAFF) and event.site_id in site_ids_for_staff(user)


def own_invitations(user: User) -> QuerySet[JointEventInvitation]:
    """The invitations of the volunteer's own household."""
    member = portal_member(user)
    if member is None:
        return JointEventInvitation.objects.none()
    return JointEventInvitation.objects.filter(family_id=member.family_id)


def is_volunteer(user: User) -> bool:
    return has_role(user, Role.VOLUNTEER)


def can_answer_invitation(user: User, invitation: JointEventInvitation) -> bool:
    """The family answers while the event is ahead and not cancelled."""
    event = invitation.event
    return event.cancelled_at is None and not _started(event)


def _started(event: JointEvent) -> bool:
    return event.starts_at <= timezone.now()


def visible_groups(user: User) -> QuerySet[SupervisionGroup]:
    if has_role(user, Role.STAFF):
        return SupervisionGroup.objects.filter(site_id__in=site_ids_for_staff(user))
    return SupervisionGroup.objects.none()


def can_manage_group(user: User, group: SupervisionGroup) -> bool:
    return has_role(user, Role.STAFF) and group.site_id in site_ids_for_staff(user)
