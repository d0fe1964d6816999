"""Writes for friendships."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hjemtilos.friendships.models import Friendship, FriendshipStatus
from hjemtilos.referrals.models import Referral
from hjemtilos.volunteers.models import VolunteerFamily


@transaction.atomic
def friendship_create_from_match(
    *,
    referral: Referral,
    family: VolunteerFamily,
    by: Any,
    contact_person: Any,
    first_meeting_at: datetime | None = None,
) -> Friendship:
    """A planned friendship for an accepted match, before the first meeting.

    The caller (matching) has checked that both sides accepted and has moved
    the referral and the family to "matched".
    """
    if referral.site_id != family.site_id:
        raise ValidationError(_("The child and the family belong to different sites."))
    return Friendship.objects.create(
        site=referral.site,
        child=referral.child,
        referral=referral,
        family=family,
        status=FriendshipStatus.PLANNED,
        contact_person=contact_person if getattr(contact_person, "pk", None) else None,
        first_meeting_at=first_meeting_at,
    )
