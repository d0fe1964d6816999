"""Supervision groups by situation: staff group volunteer families by what their friendships
have in common, and plan a supervision session for a group."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import User
from hjemtilos.followups.models import SupervisionSession
from hjemtilos.friendships.services.supervision import supervision_session_create
from hjemtilos.organisations.models import Site
from hjemtilos.support.models import Situation, SupervisionGroup, SupervisionGroupMember
from hjemtilos.volunteers.models import VolunteerFamily


@transaction.atomic
def supervision_group_create(
    *, site: Site, by: User, name: str, situation: str, description: str = ""
) -> SupervisionGroup:
    if situation not in Situation.values:
        raise ValidationError({"situation": _("Choose what they have in common.")})
    group = SupervisionGroup(
        site=site,
        name=name.strip(),
        situation=situation,
        description=description.strip(),
        created_by=by,
    )
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def supervision_group_members_add(
    *, group: SupervisionGroup, families: Iterable[VolunteerFamily], by: User
) -> int:
    """Add families of the group's site (those already in it are left as they are)."""
    added = 0
    for family in families:
        if family.site_id != group.site_id:
            raise ValidationError(_("Choose families of the group's site."), code="site")
        _member, created = SupervisionGroupMember.objects.get_or_create(
            group=group, family=family, defaults={"added_by": by}
        )
        added += created
    return added


@transaction.atomic
def supervision_group_member_remove(*, group: SupervisionGroup, family_id: int, by: User) -> None:
    deleted, _rows = SupervisionGroupMember.objects.filter(
        group=group, family_id=family_id
    ).delete()
    if not deleted:
        raise ValidationError(_("The family is not in the group."), code="not_member")


@transaction.atomic
def supervision_group_session_plan(
    *,
    group: SupervisionGroup,
    by: User,
    starts_at: datetime,
    meeting_url: str,
    topic: str = "",
    duration_minutes: int = 90,
) -> SupervisionSession:
    """A supervision session for the group's families in running friendships (e-mailed)."""
    families = list(group.families.all())
    if not families:
        raise ValidationError(_("Add families to the group first."), code="empty")
    session = supervision_session_create(
        site=group.site,
        starts_at=starts_at,
        meeting_url=meeting_url,
        by=by,
        topic=topic or group.name,
        duration_minutes=duration_minutes,
        families=families,
    )
    group.sessions.add(session)
    return session
