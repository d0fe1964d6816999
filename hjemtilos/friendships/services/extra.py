"""Extra visits, birthdays and outings, and the first three months' rule
(docs/decisions/0061-the-first-three-months-and-extra-visits.md).

"I de første tre måneder er det særligt vigtigt, at samværet holdes stabilt og
kontinuerligt" (seed ``001``): an extra visit, birthday or outing dated in the
first three months waits as *asked* and the contact person gets a task to
talk it through with the family, who then agree it (*planned*) or not
(*not now*). From three months on the families add them themselves and the
other family gets an SMS. Extra visits are never weekly visits: the
stability counters (``friendship_stability_refresh``) read ``Visit`` only.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import User
from hjemtilos.core.services import status_apply, status_event_record
from hjemtilos.core.workflow import Workflow
from hjemtilos.followups.models import FollowUpKind
from hjemtilos.followups.services import follow_up_tasks_complete_open
from hjemtilos.friendships.contacts import family_of, other_side, send
from hjemtilos.friendships.dates import add_months
from hjemtilos.friendships.models import (
    ExtraVisit,
    ExtraVisitEvent,
    ExtraVisitKind,
    Friendship,
    FriendshipStatus,
    Side,
)
from hjemtilos.friendships.models import ExtraVisitStatus as S
from hjemtilos.friendships.services.plan import friendship_task_create
from hjemtilos.messaging.recipients import Reach

#: Only the weekly visit this long from the first solo visit (seed ``001``).
ONLY_WEEKLY_MONTHS = 3
#: The contact person talks with the family about an extra visit within this time.
TALK_WITHIN = timedelta(days=2)

EXTRA_VISIT_WORKFLOW = Workflow(
    statuses=S,
    order=[S.ASKED, S.PLANNED, S.NOT_NOW, S.CANCELLED],
    moves={
        S.ASKED: frozenset({S.PLANNED, S.NOT_NOW, S.CANCELLED}),
        S.PLANNED: frozenset({S.CANCELLED}),
        # Staff may agree after all (going back: with a reason).
        S.NOT_NOW: frozenset({S.PLANNED}),
        S.CANCELLED: frozenset(),
    },
    reason_required=frozenset({S.NOT_NOW}),
)


def only_weekly_until(friendship: Friendship) -> date | None:
    """The first day extra visits are the families' own choice (three months in)."""
    if friendship.started_on is None:
        return None
    return add_months(friendship.started_on, ONLY_WEEKLY_MONTHS)


def in_first_three_months(friendship: Friendship, on: date) -> bool:
    """``on`` falls before the first three months are over (or before the year started)."""
    until = only_weekly_until(friendship)
    return until is None or on < until


def _context(extra: ExtraVisit) -> dict[str, object]:
    friendship = extra.friendship
    return {
        "child_first_name": friendship.child.first_name,
        "family_name": friendship.family.name,
        "by_side": extra.proposed_by,
        "extra": extra,
        "kind": ExtraVisitKind(extra.kind).label,
    }


def _tell_other_family(extra: ExtraVisit, by: User) -> None:
    send(
        family_of(extra.friendship, other_side(extra.proposed_by)),
        reach=Reach.SMS_ELSE_EMAIL,
        template="extra_visit_planned",
        context=_context(extra),
        related=extra.friendship,
        by=by,
    )


def _ask_contact_person(extra: ExtraVisit, by: User) -> None:
    friendship = extra.friendship
    who = (
        friendship.family.name
        if extra.proposed_by == Side.VOLUNTEER_FAMILY
        else _("%(child)s's family") % {"child": friendship.child.first_name}
    )
    friendship_task_create(
        friendship=friendship,
        kind=FollowUpKind.EXTRA_VISIT_TALK,
        title=_("%(who)s suggests %(what)s on %(date)s – talk it through")
        % {
            "who": who,
            "what": ExtraVisitKind(extra.kind).label.lower(),
            "date": extra.date.strftime("%d.%m.%Y"),
        },
        description=_(
            "It is within the first three months, when only the weekly visit is the rule. "
            "Talk with the family, then record on the friendship's page whether it goes ahead."
        ),
        due_on=min(timezone.localdate() + TALK_WITHIN, extra.date),
        by=by,
        dedupe_key=f"extra_visit:{extra.pk}",
    )


@transaction.atomic
def extra_visit_add(
    *,
    friendship: Friendship,
    by: User,
    side: str,
    kind: str,
    on: date | None,
    starts_at: time | None = None,
    description: str = "",
) -> ExtraVisit:
    """A family suggests an extra visit, a birthday or an outing.

    In the first three months it waits for a talk with the contact person
    (a task); after that it is planned at once and the other family told.
    """
    if friendship.status != FriendshipStatus.RUNNING:
        raise ValidationError(_("The friendship is not running."), code="not_running")
    errors: dict[str, str] = {}
    if kind not in ExtraVisitKind.values:
        errors["kind"] = _("Choose what it is.")
    if side not in Side.values:
        errors["side"] = _("Choose the family.")
    if on is None:
        errors["on"] = _("Give the date.")
    elif on < timezone.localdate():
        errors["on"] = _("Choose today or a later day.")
    elif friendship.anniversary_on and on >= friendship.anniversary_on:
        errors["on"] = _(
            "After the anniversary you agree visits between you; the calendar here ends then."
        )
    if errors or on is None:
        raise ValidationError(errors, code="extra_visit")
    asked = in_first_three_months(friendship, on)
    extra = ExtraVisit(
        friendship=friendship,
        kind=kind,
        date=on,
        starts_at=starts_at,
        description=description.strip(),
        proposed_by=side,
        status=S.ASKED if asked else S.PLANNED,
        created_by=by,
    )
    extra.full_clean()
    extra.save()
    status_event_record(ExtraVisitEvent, extra_visit=extra, by=by, to_status=extra.status)
    if asked:
        _ask_contact_person(extra, by)
    else:
        _tell_other_family(extra, by)
    return extra


@transaction.atomic
def extra_visit_transition(
    *, extra_visit: ExtraVisit, to_status: str, by: User, reason: str = ""
) -> ExtraVisit:
    """Agree (planned), decline for now, or cancel an extra visit, with its event row.

    Agreeing tells the other family by SMS; the contact person's task is done
    once the question is settled.
    """
    extra = (
        ExtraVisit.objects.select_for_update(of=("self",))
        .select_related("friendship__child", "friendship__family")
        .get(pk=extra_visit.pk)
    )
    from_status = status_apply(extra, EXTRA_VISIT_WORKFLOW, to_status, reason=reason)
    status_event_record(
        ExtraVisitEvent,
        extra_visit=extra,
        by=by,
        from_status=from_status,
        to_status=to_status,
        reason=reason.strip(),
    )
    if to_status == S.PLANNED and extra.date >= timezone.localdate():
        _tell_other_family(extra, by)
    if from_status == S.ASKED:
        follow_up_tasks_complete_open(
            by=by,
            kind=FollowUpKind.EXTRA_VISIT_TALK,
            outcome=str(S(to_status).label),
            dedupe_key=f"extra_visit:{extra.pk}",
        )
    return extra
