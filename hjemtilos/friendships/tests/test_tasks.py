"""A task about a friendship: at the friendship's site, for the owner of its plan, on it."""

from __future__ import annotations

from django.utils import timezone

from hjemtilos.accounts.models import Role
from hjemtilos.conftest import make_user
from hjemtilos.followups.models import FollowUpKind
from hjemtilos.friendships.models import Friendship
from hjemtilos.friendships.services.plan import friendship_task_create
from hjemtilos.organisations.models import SiteMembership
from hjemtilos.volunteers.models import VolunteerFamily


def test_a_friendship_task_lands_at_its_site_with_the_plan_owner(friendship, staff, site):
    colleague = make_user(Role.STAFF, "kollega@example.org", "Karen")
    SiteMembership.objects.create(site=site, user=colleague)
    Friendship.objects.filter(pk=friendship.pk).update(contact_person=colleague)
    friendship.refresh_from_db()

    task = friendship_task_create(
        friendship=friendship,
        kind=FollowUpKind.LOGBOOK_FOLLOW_UP,
        title="Ring til familien",
        due_on=timezone.localdate(),
        by=staff,
    )

    assert task.site == site
    assert task.owner == colleague  # the friendship's contact person, not who made it
    assert task.created_by == staff
    assert task.friendship == friendship
    assert task.is_open

    # Without a contact person of its own, the family's contact person owns it.
    Friendship.objects.filter(pk=friendship.pk).update(contact_person=None)
    VolunteerFamily.objects.filter(pk=friendship.family_id).update(contact_person=staff)
    friendship.refresh_from_db()
    task = friendship_task_create(
        friendship=friendship,
        kind=FollowUpKind.LOGBOOK_FOLLOW_UP,
        title="Ring igen",
        due_on=timezone.localdate(),
        by=colleague,
    )
    assert (task.site, task.owner, task.friendship) == (site, staff, friendship)
