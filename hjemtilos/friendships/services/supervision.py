"""Group supervision (SPEC 3, step 14): planning sessions for the volunteer families in
running friendships, and the daily task that reminds a site to plan the next session.

The sessions and invitations are ``followups`` models; attendance is recorded
there (``followups.services.supervision``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import User
from hjemtilos.core.dates import add_months
from hjemtilos.followups.models import (
    FollowUpKind,
    SupervisionInvitation,
    SupervisionSession,
)
from hjemtilos.followups.services import follow_up_task_create
from hjemtilos.friendships.contacts import running_friendship_per_family, send, volunteer_adults
from hjemtilos.friendships.models import FriendshipStatus
from hjemtilos.messaging.recipients import Reach
from hjemtilos.organisations.models import Site, SiteMembership
from hjemtilos.volunteers.models import VolunteerFamily

# The task to plan the next session appears this long before it is due.
PLAN_AHEAD = timedelta(days=21)


@transaction.atomic
def supervision_session_create(
    *,
    site: Site,
    starts_at: datetime,
    meeting_url: str,
    by: User,
    topic: str = "",
    duration_minutes: int = 90,
    families: Sequence[VolunteerFamily] | None = None,
) -> SupervisionSession:
    """Plan a session and invite every family (e-mail, else SMS) in a running friendship.

    With ``families`` (a supervision group's) only they are invited, and the
    site's planning task for the next round stays open: a group's session
    comes beside the site's sessions, not instead of them.
    """
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("Choose a time in the future.")})
    session = SupervisionSession(
        site=site,
        starts_at=starts_at,
        meeting_url=meeting_url,
        topic=topic,
        duration_minutes=duration_minutes,
        created_by=by,
    )
    session.full_clean()
    session.save()
    for friendship in running_friendship_per_family(site, families=families):
        SupervisionInvitation.objects.create(session=session, family=friendship.family)
        send(
            volunteer_adults(friendship),
            reach=Reach.EMAIL_ELSE_SMS,
            template="supervision_invitation",
            context={
                "site_name": site.name,
                "starts_at": timezone.localtime(starts_at),
                "duration_minutes": duration_minutes,
                "meeting_url": meeting_url,
                "topic": topic,
            },
            related=session,
            by=by,
        )
    if families is not None:
        return session
    # The planning task for this round is done.
    for task in site.follow_up_tasks.open().filter(kind=FollowUpKind.SUPERVISION):
        task.completed_at = timezone.now()
        task.completed_by = by
        task.outcome = _("Session planned for %(date)s") % {
            "date": timezone.localtime(starts_at).strftime("%d.%m.%Y %H:%M")
        }
        task.save(update_fields=["completed_at", "completed_by", "outcome"])
    return session


def next_session_due(site: Site, last: SupervisionSession | None, today: date) -> date:
    """When the next session should be held: N months after the last one (or now)."""
    if last is None:
        return today
    return add_months(timezone.localdate(last.starts_at), site.supervision_interval_months)


def supervision_planning_run(*, today: date | None = None) -> int:
    """Daily: give each site with running friendships a task to plan its next session.

    Once per due date (dedupe key), and only while no session is planned ahead.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    sites = Site.objects.filter(
        is_active=True, friendships__status=FriendshipStatus.RUNNING
    ).distinct()
    last_by_site: dict[int, SupervisionSession] = {}
    planned_ahead: set[int] = set()
    for session in SupervisionSession.objects.filter(
        site__in=sites, cancelled_at__isnull=True
    ).order_by("site_id", "starts_at"):
        if session.starts_at > now:
            planned_ahead.add(session.site_id)
        else:
            last_by_site[session.site_id] = session
    leads: dict[int, User] = {}
    for membership in (
        SiteMembership.objects.filter(site__in=sites)
        .select_related("user")
        .order_by("site_id", "-is_lead", "id")
    ):
        leads.setdefault(membership.site_id, membership.user)
    created = 0
    for site in sites:
        if site.pk in planned_ahead:
            continue
        due = next_session_due(site, last_by_site.get(site.pk), today)
        if due - PLAN_AHEAD > today:
            continue
        task = follow_up_task_create(
            site=site,
            kind=FollowUpKind.SUPERVISION,
            title=_("Plan the next group supervision session"),
            description=_(
                "Every %(months)s months the volunteer families meet online. Plan the session; "
                "the families in running friendships are invited by e-mail or SMS."
            )
            % {"months": site.supervision_interval_months},
            due_on=max(due, today),
            owner=leads.get(site.pk),
            by=None,
            dedupe_key=f"supervision:{site.pk}:{due.isoformat()}",
        )
        created += int(task.created_at >= now)
    return created
