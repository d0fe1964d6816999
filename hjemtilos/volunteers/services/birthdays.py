"""The daily job: members who reach a vetting age get the new requirement.

A member who turns 15 needs both certificates from that birthday on
(SPEC 3, step 5), one who turns 12 the online course, one who turns 18 the
code of conduct and the ethical rules. ``vetting_gaps`` already judges by
today's age; this job keeps ``vetting_complete`` in step with it and puts the
certificates on the contact person's task list.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import User
from hjemtilos.core.dates import ADULT_AGE, age_on, years_before
from hjemtilos.followups.models import FollowUpKind
from hjemtilos.followups.services import follow_up_task_create
from hjemtilos.volunteers.models import (
    CERTIFICATE_AGE,
    COURSE_AGE,
    FAMILY_CLOSED_STATUSES,
    HouseholdMember,
    VolunteerFamily,
)
from hjemtilos.volunteers.services.status import family_vetting_refresh

# Birthdays up to a week back are caught too, so a day the scheduler did not
# run (an outage, a deploy) loses nothing; the tasks' dedupe keys keep a
# birthday from giving two tasks.
LOOK_BACK_DAYS = 7
CERTIFICATE_DUE_DAYS = 14
VETTING_AGES = (COURSE_AGE, CERTIFICATE_AGE, ADULT_AGE)


def members_reaching(
    age: int, *, on: date, look_back_days: int = LOOK_BACK_DAYS
) -> list[HouseholdMember]:
    """Members of families still in the programme who turned ``age`` in the window up to ``on``."""
    start = on - timedelta(days=look_back_days)
    # A day's margin each side for 29 February; ``age_on`` then decides exactly.
    born_after = years_before(start, age) - timedelta(days=1)
    born_by = years_before(on, age) + timedelta(days=1)
    candidates = (
        HouseholdMember.objects.filter(
            date_of_birth__gt=born_after,
            date_of_birth__lte=born_by,
        )
        .filter(Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=on))
        .exclude(family__status__in=FAMILY_CLOSED_STATUSES)
        .select_related("family__site", "family__contact_person")
    )
    return [
        m
        for m in candidates
        if age_on(m.date_of_birth, on) >= age > age_on(m.date_of_birth, start - timedelta(days=1))
    ]


def _contact_person(family: VolunteerFamily) -> User | None:
    """Who follows the family now: the contact person of its friendship, if it has one."""
    friendship = (
        family.friendships.filter(status__in=("planned", "running"), contact_person__isnull=False)
        .select_related("contact_person")
        .order_by("-id")
        .first()
    )
    return friendship.contact_person if friendship else family.contact_person


def vetting_birthdays_run(*, on: date | None = None) -> dict[str, int]:
    """Refresh the families whose members reached a vetting age; task the certificates.

    Safe to run twice: the refresh is idempotent and each certificate task has
    a dedupe key per member.
    """
    on = on or timezone.localdate()
    family_ids: set[int] = set()
    tasks = 0
    for age in VETTING_AGES:
        for member in members_reaching(age, on=on):
            family_ids.add(member.family_id)
            if age != CERTIFICATE_AGE:
                continue
            family = member.family
            follow_up_task_create(
                site=family.site,
                kind=FollowUpKind.CERTIFICATES,
                title=_("%(name)s in %(family)s has turned %(age)s: obtain the certificates")
                % {"name": member.first_name, "family": family.name, "age": age},
                description=_(
                    "From the age of %(age)s a child-protection certificate and a "
                    "criminal-record certificate are needed for %(name)s."
                )
                % {"name": member, "age": age},
                due_on=on + timedelta(days=CERTIFICATE_DUE_DAYS),
                owner=_contact_person(family),
                by=None,
                volunteer_family=family,
                dedupe_key=f"certificates:member:{member.pk}",
            )
            tasks += 1
    family_vetting_refresh(family_ids)
    return {"families": len(family_ids), "certificate_tasks": tasks}
