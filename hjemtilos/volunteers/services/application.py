"""The public application (*ansøgning*) of a volunteer family."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import Role, User
from hjemtilos.accounts.services import user_invite
from hjemtilos.core.dates import ADULT_AGE
from hjemtilos.core.services import status_event_record
from hjemtilos.followups.models import FollowUpKind
from hjemtilos.followups.services import follow_up_task_create
from hjemtilos.messaging.services import message_queue_email
from hjemtilos.organisations.models import Site, SiteMembership
from hjemtilos.volunteers.models import (
    ApplicationAttempt,
    FamilyEvent,
    HouseholdMember,
    VolunteerFamily,
    VolunteerFamilyStatus,
)
from hjemtilos.volunteers.services.status import family_vetting_refresh

# Submissions one client address may make in an hour. A household applies
# once; a few more allow for a typo found after sending or a shared network
# (a library, a workplace), while a script is stopped quickly.
APPLICATION_LIMIT_PER_HOUR = 5
ATTEMPTS_KEPT = timedelta(days=1)
INTERVIEW_DUE_DAYS = 14


def client_hash(address: str) -> str:
    """A keyed hash of the client address: enough to count, useless to identify."""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def application_attempt_register(*, address: str) -> bool:
    """Count one submission from ``address``; False if the hourly limit is reached.

    A refused attempt is not counted, so the limit lifts an hour after the
    last accepted submission.
    """
    key = client_hash(address)
    since = timezone.now() - timedelta(hours=1)
    if (
        ApplicationAttempt.objects.filter(client_hash=key, at__gte=since).count()
        >= APPLICATION_LIMIT_PER_HOUR
    ):
        return False
    ApplicationAttempt.objects.create(client_hash=key)
    return True


def application_attempts_prune() -> int:
    """Forget submissions older than a day: the hourly limit needs no more (a daily job).

    Returns how many were deleted.
    """
    deleted, _types = ApplicationAttempt.objects.filter(
        at__lt=timezone.now() - ATTEMPTS_KEPT
    ).delete()
    return deleted


def site_contact_person(site: Site) -> User | None:
    """Who answers a new family at ``site``: the project lead, else any staff member."""
    membership = (
        SiteMembership.objects.filter(site=site, user__is_active=True, user__role=Role.STAFF)
        .select_related("user")
        .order_by("-is_lead", "id")
        .first()
    )
    return membership.user if membership else None


@transaction.atomic
def application_submit(
    *, site: Site, family_data: dict[str, Any], members: list[dict[str, Any]]
) -> VolunteerFamily:
    """Create the family from the public form and tell it and staff.

    ``members`` are the household members (first and last name, date of
    birth, e-mail and phone for adults). Staff get a task to hold the home
    interview; every adult with an e-mail gets a receipt and an invitation to
    the volunteer portal, unless the address already belongs to a user (the
    person signs in as before, and staff link them by hand).
    """
    now = timezone.now()
    contact = site_contact_person(site)
    family = VolunteerFamily(
        site=site,
        status=VolunteerFamilyStatus.APPLIED,
        applied_at=now,
        status_changed_at=now,
        consent_given_at=now,
        contact_person=contact,
        **family_data,
    )
    family.full_clean()
    family.save()
    status_event_record(
        FamilyEvent, family=family, to_status=VolunteerFamilyStatus.APPLIED, at=now, by=None
    )
    created = []
    for data in members:
        member = HouseholdMember(family=family, **data)
        member.full_clean()
        member.save()
        created.append(member)
    adults = [m for m in created if m.age() >= ADULT_AGE and m.email]
    for member in adults:
        _invite(member)
    for member in adults:
        _queue_receipt(family=family, member=member, contact=contact)
    follow_up_task_create(
        site=site,
        kind=FollowUpKind.FAMILY_INTERVIEW,
        title=_("New application: phone %(family)s and plan the home interview")
        % {"family": family.name},
        due_on=timezone.localdate() + timedelta(days=INTERVIEW_DUE_DAYS),
        owner=contact,
        by=None,
        volunteer_family=family,
        dedupe_key=f"family_interview:{family.pk}",
    )
    family_vetting_refresh([family.pk])
    return family


def _invite(member: HouseholdMember) -> None:
    if User.objects.filter(email__iexact=member.email).exists():
        return
    user, _link = user_invite(
        invited_by=None,
        email=member.email,
        first_name=member.first_name,
        last_name=member.last_name,
        role=Role.VOLUNTEER,
        phone=member.phone,
    )
    member.user = user
    member.save(update_fields=["user"])


def _queue_receipt(
    *, family: VolunteerFamily, member: HouseholdMember, contact: User | None
) -> None:
    message_queue_email(
        template="volunteer_application_received",
        to_user=member.user,
        to_address=member.email,
        language="da" if member.user is None else None,
        context={
            "first_name": member.first_name,
            "family": family.name,
            "site": family.site.name,
            "members": family.members.count(),
            "contact": contact.get_full_name() if contact else "",
            "invited": member.user is not None,
        },
        related=family,
    )
