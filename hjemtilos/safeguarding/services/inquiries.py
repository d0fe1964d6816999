"""Writes for requests from professionals (*henvendelser*): registered and advised by staff."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import User
from hjemtilos.followups.models import FollowUpKind
from hjemtilos.followups.services import follow_up_tasks_complete_open
from hjemtilos.friendships.models import Friendship
from hjemtilos.friendships.services.plan import friendship_task_create
from hjemtilos.safeguarding.models import Inquiry, InquiryOutcome

#: Days staff have to advise the volunteer family on a professional's request.
INQUIRY_ADVICE_DAYS = 3


@transaction.atomic
def inquiry_create(*, friendship: Friendship, by: User, data: dict[str, Any]) -> Inquiry:
    """Register a professional's request; the contact person gets a task to advise the family."""
    inquiry = Inquiry(
        friendship=friendship,
        recorded_by=by,
        created_at=timezone.now(),
        **data,
    )
    inquiry.full_clean()
    inquiry.save()
    friendship_task_create(
        friendship=friendship,
        kind=FollowUpKind.INQUIRY,
        title=_("Advise the volunteer family on a request: %(request)s")
        % {"request": inquiry.get_request_display()},
        description=_(
            "A request from %(from)s for %(child)s's volunteer family. Talk it through with the "
            "family before anyone answers the professional."
        )
        % {"from": inquiry.get_from_kind_display(), "child": friendship.child.first_name},
        due_on=timezone.localdate() + timedelta(days=INQUIRY_ADVICE_DAYS),
        by=by,
        dedupe_key=f"inquiry:{inquiry.pk}",
    )
    return inquiry


@transaction.atomic
def inquiry_update(*, inquiry: Inquiry, by: User, data: dict[str, Any]) -> Inquiry:
    """Record the advice given and the outcome; a decided outcome closes the advice task."""
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    for name, value in data.items():
        setattr(inquiry, name, value)
    if inquiry.advice.strip() and inquiry.advised_on is None:
        inquiry.advised_on = timezone.localdate()
    inquiry.updated_by = by
    inquiry.updated_at = timezone.now()
    inquiry.full_clean()
    inquiry.save()
    if inquiry.outcome != InquiryOutcome.OPEN:
        follow_up_tasks_complete_open(
            by=by,
            kind=FollowUpKind.INQUIRY,
            outcome=str(inquiry.get_outcome_display()),
            dedupe_key=f"inquiry:{inquiry.pk}",
        )
    return inquiry
