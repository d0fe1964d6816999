"""Writes for concerns and inquiries.

Raising a concern gives the contact person an urgent task and an e-mail
(which names the child's first name only, never what was observed). Every
later step — a status change or a note — is a ``ConcernEvent`` with its
author and time; the assessment, decision and notification steps of the
full safeguarding workflow are further statuses of the same workflow.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import User
from hjemtilos.core.services import status_event_record
from hjemtilos.core.workflow import Workflow
from hjemtilos.followups.models import FollowUpKind
from hjemtilos.followups.services import follow_up_task_create, follow_up_tasks_complete_open
from hjemtilos.friendships.models import Friendship, LogbookEntry
from hjemtilos.friendships.registry import Worry
from hjemtilos.friendships.services.plan import plan_owner
from hjemtilos.messaging.services import message_queue_email
from hjemtilos.safeguarding.models import (
    Concern,
    ConcernEvent,
    ConcernSource,
    Inquiry,
    InquiryOutcome,
)
from hjemtilos.safeguarding.models import ConcernStatus as S

CONCERN_WORKFLOW = Workflow(
    statuses=S,
    order=[S.RAISED, S.ACKNOWLEDGED, S.WITH_ADVISORY, S.CLOSED],
    moves={
        S.RAISED: frozenset({S.ACKNOWLEDGED, S.WITH_ADVISORY, S.CLOSED}),
        S.ACKNOWLEDGED: frozenset({S.WITH_ADVISORY, S.CLOSED}),
        S.WITH_ADVISORY: frozenset({S.CLOSED}),
        S.CLOSED: frozenset(),
    },
    reason_required=frozenset({S.CLOSED}),
)

#: Days staff have to advise the volunteer family on a professional's request.
INQUIRY_ADVICE_DAYS = 3


@transaction.atomic
def concern_raise(
    *,
    friendship: Friendship,
    by: User,
    source: str,
    observed: str,
    observed_on: date,
    observed_by: str,
    logbook_entry: LogbookEntry | None = None,
) -> Concern:
    """Register a concern about the friendship's child; the contact person must act today."""
    errors = {}
    if not observed.strip():
        errors["observed"] = _("Describe what you saw or heard.")
    if observed_on > timezone.localdate():
        errors["observed_on"] = _("The date cannot be in the future.")
    if not observed_by.strip():
        errors["observed_by"] = _("Write who observed it.")
    if source not in ConcernSource.values:
        errors["source"] = _("Choose how the concern was raised.")
    if errors:
        raise ValidationError(errors, code="concern")
    now = timezone.now()
    owner = plan_owner(friendship)
    concern = Concern.objects.create(
        friendship=friendship,
        source=source,
        logbook_entry=logbook_entry,
        observed=observed.strip(),
        observed_on=observed_on,
        observed_by=observed_by.strip(),
        reported_by=by,
        reported_at=now,
        contact_person=owner,
        status=S.RAISED,
        status_changed_at=now,
    )
    status_event_record(ConcernEvent, concern=concern, at=now, by=by, to_status=S.RAISED)
    child = friendship.child.first_name
    follow_up_task_create(
        site=friendship.site,
        kind=FollowUpKind.CONCERN,
        title=_("A concern about %(child)s: read it and act today") % {"child": child},
        description=_("Involve the child-welfare advisory team when the concern calls for it."),
        due_on=timezone.localdate(),
        owner=owner,
        by=by,
        is_urgent=True,
        friendship=friendship,
        concern=concern,
    )
    if owner is not None and owner.email:
        message_queue_email(
            template="concern_raised",
            context={"first_name": owner.first_name, "child_first_name": child, "concern": concern},
            to_user=owner,
            related=concern,
            created_by=by,
        )
    return concern


def concern_raise_from_worry(worry: Worry) -> Concern:
    """A worry the volunteer family wrote in the logbook or with a greeting
    (``friendships.registry``)."""
    author = worry.by.first_name or _("The volunteer family")
    return concern_raise(
        friendship=worry.friendship,
        by=worry.by,
        source=ConcernSource.LOGBOOK if worry.logbook_entry else ConcernSource.PORTAL,
        observed=worry.text,
        observed_on=worry.observed_on,
        observed_by=_("%(name)s (the volunteer family)") % {"name": author},
        logbook_entry=worry.logbook_entry,
    )


@transaction.atomic
def concern_step(*, concern: Concern, by: User, to_status: str, note: str = "") -> Concern:
    """Record a step: a status change, or (same status) a note. Both keep author and time."""
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    if concern.status == S.CLOSED:
        raise ValidationError(_("The concern is closed."), code="closed")
    if to_status != concern.status:
        CONCERN_WORKFLOW.check(concern.status, to_status, note)
    elif not note.strip():
        raise ValidationError({"note": _("Write the note.")}, code="note")
    now = timezone.now()
    status_event_record(
        ConcernEvent,
        concern=concern,
        at=now,
        by=by,
        from_status=concern.status,
        to_status=to_status,
        note=note.strip(),
    )
    if to_status != concern.status:
        concern.status = to_status
        concern.status_changed_at = now
        concern.save(update_fields=["status", "status_changed_at"])
        follow_up_tasks_complete_open(
            by=by,
            kind=FollowUpKind.CONCERN,
            outcome=str(S(to_status).label),
            concern=concern,
        )
    return concern


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
    follow_up_task_create(
        site=friendship.site,
        kind=FollowUpKind.INQUIRY,
        title=_("Advise the volunteer family on a request: %(request)s")
        % {"request": inquiry.get_request_display()},
        description=_(
            "A request from %(from)s for %(child)s's volunteer family. Talk it through with the "
            "family before anyone answers the professional."
        )
        % {"from": inquiry.get_from_kind_display(), "child": friendship.child.first_name},
        due_on=timezone.localdate() + timedelta(days=INQUIRY_ADVICE_DAYS),
        owner=plan_owner(friendship),
        by=by,
        dedupe_key=f"inquiry:{inquiry.pk}",
        friendship=friendship,
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
