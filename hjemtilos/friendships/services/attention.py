"""The attention list and its daily job: a task for the contact person when a friendship
wobbles — its visits (stability) or the greetings between the families (feedback)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.followups.models import FollowUpKind, FollowUpTask
from hjemtilos.friendships.models import Friendship, Side
from hjemtilos.friendships.services.greetings import feedback_filter, feedback_stale_sides
from hjemtilos.friendships.services.plan import friendship_task_create
from hjemtilos.friendships.services.visits import ATTENTION_CANCELLED_IN_A_ROW, stability_filter


def attention_filter(today: date) -> Q:
    """Running friendships on the attention list: their visits wobble, or greetings in
    either direction have stayed away for 4 weeks."""
    return stability_filter(today) | feedback_filter(today)


def _chunks(rows: Iterable[Friendship], size: int) -> Iterator[list[Friendship]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def _stability_key(friendship: Friendship) -> str:
    since = friendship.last_held_on or friendship.started_on
    return f"stability:{friendship.pk}:{since.isoformat() if since else 'none'}"


def _feedback_key(friendship: Friendship) -> str:
    """One episode per friendship: until a greeting reaches the family it stayed away from."""
    last = [
        friendship.last_greeting_to_parent_at,
        friendship.last_greeting_to_volunteer_at,
    ]
    oldest = min((at for at in last if at is not None), default=friendship.greetings_since)
    return f"feedback:{friendship.pk}:{oldest.isoformat() if oldest else 'none'}"


def _stability_task(friendship: Friendship, key: str, today: date) -> None:
    since = friendship.last_held_on or friendship.started_on
    if friendship.cancelled_in_a_row >= ATTENTION_CANCELLED_IN_A_ROW:
        why = _("%(n)s visits in a row were cancelled.") % {"n": friendship.cancelled_in_a_row}
    else:
        why = _("No visit has been held since %(date)s.") % {
            "date": since.strftime("%d.%m.%Y") if since else "–"
        }
    friendship_task_create(
        friendship=friendship,
        kind=FollowUpKind.STABILITY,
        title=_("Follow up on the visits – %(child)s") % {"child": friendship.child.full_name},
        description=why,
        due_on=today,
        by=None,
        dedupe_key=key,
    )


def _feedback_task(friendship: Friendship, key: str, today: date) -> None:
    sides = feedback_stale_sides(friendship, today)
    if sides == [Side.CHILD_FAMILY]:
        why = _("No greeting has reached the child's family for 4 weeks.")
    elif sides == [Side.VOLUNTEER_FAMILY]:
        why = _("No greeting has reached the volunteer family for 4 weeks.")
    else:
        why = _("No greeting has passed between the families for 4 weeks.")
    friendship_task_create(
        friendship=friendship,
        kind=FollowUpKind.FEEDBACK,
        title=_("Greetings have stopped – %(child)s") % {"child": friendship.child.full_name},
        description=why
        + " "
        + _(
            "Feedback carries the match: phone the families, pass on how it goes, and "
            "consider turning relayed feedback on."
        ),
        due_on=today,
        by=None,
        dedupe_key=key,
    )


def attention_tasks_run(*, today: date | None = None) -> int:
    """Daily: one task per episode for each friendship on the attention list. Returns new tasks.

    Stability: two cancelled visits in a row or three weeks without a held
    visit; the key names the last held visit. Feedback: greetings in either
    direction stayed away for 4 weeks; the key names the older of the two
    families' last greetings. However often this runs, an episode gives one task.
    """
    today = today or timezone.localdate()
    created = 0
    stability = stability_filter(today)
    feedback = feedback_filter(today)
    friendships = (
        Friendship.objects.filter(stability | feedback)
        .annotate(
            wobbles=ExpressionWrapper(stability, output_field=BooleanField()),
            silent=ExpressionWrapper(feedback, output_field=BooleanField()),
        )
        .select_related("site", "child", "contact_person", "family__contact_person")
        .order_by("id")
    )
    for chunk in _chunks(friendships.iterator(chunk_size=1000), 1000):
        # ``wobbles`` and ``silent`` are the annotations above.
        wanted = [
            (f, _stability_key(f), _stability_task) for f in chunk if getattr(f, "wobbles", False)
        ]
        wanted += [
            (f, _feedback_key(f), _feedback_task) for f in chunk if getattr(f, "silent", False)
        ]
        existing = set(
            FollowUpTask.objects.filter(dedupe_key__in=[key for _f, key, _t in wanted]).values_list(
                "dedupe_key", flat=True
            )
        )
        for friendship, key, make in wanted:
            if key in existing:
                continue
            make(friendship, key, today)
            created += 1
    return created
