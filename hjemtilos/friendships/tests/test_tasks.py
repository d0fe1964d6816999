"""A task about a friendship: at the friendship's site, for the owner of its plan, on it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from hjemtilos.accounts.models import Role
from hjemtilos.conftest import make_user
from hjemtilos.followups.models import FollowUpKind
from hjemtilos.friendships.models import Friendship
from hjemtilos.friendships.services.plan import friendship_task_create
from hjemtilos.organisations.models import SiteMembership
from hjemtilos.volunteers.models import VolunteerFamily


@pytest.mark.parametrize("own_contact_person", [True, False])
def test_a_friendship_task_lands_at_its_site_with_the_plan_owner(
    friendship, staff, site, own_contact_person
):
    colleague = make_user(Role.STAFF, "kollega@example.org", "Karen")
    SiteMembership.objects.create(site=site, user=colleague)
    # The friendship's contact person owns its tasks, else the family's contact person;
    # neither is the staff member who makes the task.
    owner = make_user(Role.STAFF, "kontakt@example.org", "Karl")
    SiteMembership.objects.create(site=site, user=owner)
    Friendship.objects.filter(pk=friendship.pk).update(
        contact_person=owner if own_contact_person else None
    )
    VolunteerFamily.objects.filter(pk=friendship.family_id).update(
        contact_person=colleague if own_contact_person else owner
    )
    friendship.refresh_from_db()

    task = friendship_task_create(
        friendship=friendship,
        kind=FollowUpKind.LOGBOOK_FOLLOW_UP,
        title="Ring til familien",
        due_on=timezone.localdate(),
        by=staff,
    )

    task.refresh_from_db()
    assert (task.site, task.owner, task.friendship) == (site, owner, friendship)
    assert task.created_by == staff
    assert task.is_open
