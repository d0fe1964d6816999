"""The talk with the charity's psychologist (*samtale med Red Barnets psykolog*): offered to a
volunteer family that needs more than the usual support, booked, held or not.

A lifecycle of its own (``PSYCHOLOGIST_WORKFLOW``, one transition service, an
event row per step). Nothing of it reaches a task list, an e-mail subject or
the family's calendar: only the contact person and the advisory team know.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import User
from hjemtilos.core.services import status_event_record
from hjemtilos.core.workflow import Workflow
from hjemtilos.friendships.models import Friendship, FriendshipStatus
from hjemtilos.support.models import PsychologistConversation, PsychologistEvent
from hjemtilos.support.models import PsychologistStatus as S

PSYCHOLOGIST_WORKFLOW = Workflow(
    statuses=S,
    order=[S.OFFERED, S.BOOKED, S.HELD, S.NOT_HELD, S.DECLINED],
    moves={
        S.OFFERED: frozenset({S.BOOKED, S.DECLINED}),
        S.BOOKED: frozenset({S.HELD, S.NOT_HELD, S.DECLINED}),
        S.HELD: frozenset(),
        # Booked again after a missed talk, or after the family changed its mind.
        S.NOT_HELD: frozenset({S.BOOKED}),
        S.DECLINED: frozenset({S.BOOKED}),
    },
)


@transaction.atomic
def psychologist_offer(
    *, friendship: Friendship, by: User, reason: str
) -> PsychologistConversation:
    """Offer the family a talk with the psychologist (why: for the psychologist to read)."""
    if friendship.status != FriendshipStatus.RUNNING:
        raise ValidationError(_("The friendship is not running."), code="not_running")
    if not reason.strip():
        raise ValidationError({"reason": _("Write why the talk is offered.")}, code="reason")
    open_one = friendship.psychologist_conversations.filter(status__in=(S.OFFERED, S.BOOKED))
    if open_one.exists():
        raise ValidationError(
            _("A talk with the psychologist is already offered or booked."), code="open"
        )
    now = timezone.now()
    talk = PsychologistConversation(
        friendship=friendship,
        reason=reason.strip(),
        offered_at=now,
        offered_by=by,
        status=S.OFFERED,
        status_changed_at=now,
    )
    talk.full_clean()
    talk.save()
    status_event_record(PsychologistEvent, conversation=talk, by=by, to_status=S.OFFERED, at=now)
    return talk


@transaction.atomic
def psychologist_transition(
    *,
    conversation: PsychologistConversation,
    to_status: str,
    by: User,
    reason: str = "",
    booked_for: datetime | None = None,
) -> PsychologistConversation:
    """Move the talk on (booked for a time, held, not held, declined), with its event row."""
    talk = PsychologistConversation.objects.select_for_update().get(pk=conversation.pk)
    PSYCHOLOGIST_WORKFLOW.check(talk.status, to_status, reason)
    if to_status == S.BOOKED and booked_for is None:
        raise ValidationError({"booked_for": _("Give the time of the talk.")}, code="when")
    from_status = talk.status
    now = timezone.now()
    talk.status = to_status
    talk.status_changed_at = now
    if to_status == S.BOOKED:
        talk.booked_for = booked_for
    talk.save(update_fields=["status", "status_changed_at", "booked_for"])
    status_event_record(
        PsychologistEvent,
        conversation=talk,
        by=by,
        from_status=from_status,
        to_status=to_status,
        note=reason.strip(),
        booked_for=booked_for if to_status == S.BOOKED else None,
        at=now,
    )
    return talk
