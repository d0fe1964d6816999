"""Individual follow-up conversations with the volunteer families, and "ring til os": a
family asks its contact person to call, which becomes a task."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import User
from hjemtilos.followups.models import FollowUpKind, FollowUpTask, ShownTo
from hjemtilos.followups.services import follow_up_task_create
from hjemtilos.friendships.models import Friendship, FriendshipStatus, Side
from hjemtilos.friendships.services.plan import friendship_task_create
from hjemtilos.support.models import ConversationChannel, SupportConversation

#: The contact person calls back within this many days.
CALL_BACK_WITHIN = timedelta(days=1)


@transaction.atomic
def support_conversation_record(
    *,
    friendship: Friendship,
    by: User,
    held_on: date | None,
    with_whom: str,
    channel: str,
    topic: str,
    next_step: str = "",
    next_step_on: date | None = None,
) -> SupportConversation:
    """Record a follow-up conversation; a next step with a date becomes a task for the
    recorder (its title names no topic: the task list is read by the whole site)."""
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if held_on is None:
        errors["held_on"] = _("Give the date.")
    elif held_on > today:
        errors["held_on"] = _("The date cannot be in the future.")
    if not with_whom.strip():
        errors["with_whom"] = _("Write who you talked with.")
    if channel not in ConversationChannel.values:
        errors["channel"] = _("Choose how you talked.")
    if not topic.strip():
        errors["topic"] = _("Write what you talked about.")
    if next_step_on is not None and not next_step.strip():
        errors["next_step"] = _("Write the next step.")
    elif next_step_on is not None and next_step_on < today:
        errors["next_step_on"] = _("Choose today or a later day.")
    if errors or held_on is None:
        raise ValidationError(errors, code="conversation")
    conversation = SupportConversation(
        friendship=friendship,
        held_on=held_on,
        with_whom=with_whom.strip(),
        channel=channel,
        topic=topic.strip(),
        next_step=next_step.strip(),
        next_step_on=next_step_on,
        recorded_by=by,
    )
    conversation.full_clean()
    conversation.save()
    if next_step_on is not None:
        conversation.next_step_task = follow_up_task_create(
            site=friendship.site,
            kind=FollowUpKind.SUPPORT_NEXT_STEP,
            title=_("Next step after the talk with %(who)s – %(family)s")
            % {"who": conversation.with_whom, "family": friendship.family.name},
            description=_("See the conversation of %(date)s on the friendship's page.")
            % {"date": held_on.strftime("%d.%m.%Y")},
            due_on=next_step_on,
            owner=by,
            by=by,
            friendship=friendship,
        )
        conversation.save(update_fields=["next_step_task"])
    return conversation


def open_call_request(friendship: Friendship, side: str) -> FollowUpTask | None:
    return (
        FollowUpTask.objects.open()
        .filter(friendship=friendship, kind=FollowUpKind.CALL_REQUEST, shown_to=_shown(side))
        .first()
    )


def _shown(side: str) -> str:
    return ShownTo.VOLUNTEER if side == Side.VOLUNTEER_FAMILY else ShownTo.PARENT


@transaction.atomic
def call_request_create(
    *, friendship: Friendship, side: str, by: User, when: str = "", note: str = ""
) -> FollowUpTask:
    """A family asks to be called ("ring til os"): a task for the contact person, due
    tomorrow, shown in the family's own calendar. One open request per family."""
    if friendship.status != FriendshipStatus.RUNNING:
        raise ValidationError(_("The friendship is not running."), code="not_running")
    if side not in Side.values:
        raise ValidationError(_("Choose the family."), code="side")
    if open_call_request(friendship, side) is not None:
        raise ValidationError(
            _("We already have your request: your contact person will call you."),
            code="already_asked",
        )
    who = (
        friendship.family.name
        if side == Side.VOLUNTEER_FAMILY
        else _("%(child)s's family") % {"child": friendship.child.first_name}
    )
    lines = [_("Asked in the portal by %(name)s.") % {"name": by.get_full_name()}]
    if when.strip():
        lines.append(_("Best time to call: %(when)s") % {"when": when.strip()})
    if note.strip():
        lines.append(note.strip())
    return friendship_task_create(
        friendship=friendship,
        kind=FollowUpKind.CALL_REQUEST,
        title=_("%(who)s asks you to call") % {"who": who},
        description="\n".join(lines),
        due_on=timezone.localdate() + CALL_BACK_WITHIN,
        by=by,
        shown_to=_shown(side),
        family_title=_("Your contact person calls you"),
    )
