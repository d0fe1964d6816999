"""The attention list's daily job: a task for the contact person when a friendship wobbles."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice

from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.followups.models import FollowUpKind, FollowUpTask
from hjemtilos.followups.services import follow_up_task_create
from hjemtilos.friendships.models import Friendship
from hjemtilos.friendships.services.plan import plan_owner
from hjemtilos.friendships.services.visits import ATTENTION_CANCELLED_IN_A_ROW, attention_filter


def _chunks(rows: Iterable[Friendship], size: int) -> Iterator[list[Friendship]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def _key(friendship: Friendship) -> str:
    since = friendship.last_held_on or friendship.started_on
    return f"stability:{friendship.pk}:{since.isoformat() if since else 'none'}"


def attention_tasks_run(*, today: date | None = None) -> int:
    """Daily: one stability task per episode (since the last held visit). Returns new tasks.

    A friendship with two cancelled visits in a row or three weeks without a
    held visit gets a task for its contact person; the dedupe key names the
    last held visit, so the same episode gives one task however often this runs.
    """
    today = today or timezone.localdate()
    created = 0
    friendships = (
        Friendship.objects.filter(attention_filter(today))
        .select_related("site", "child", "contact_person", "family__contact_person")
        .order_by("id")
    )
    for chunk in _chunks(friendships.iterator(chunk_size=1000), 1000):
        keys = [_key(friendship) for friendship in chunk]
        existing = set(
            FollowUpTask.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True)
        )
        for friendship, key in zip(chunk, keys, strict=True):
            if key in existing:
                continue
            since = friendship.last_held_on or friendship.started_on
            if friendship.cancelled_in_a_row >= ATTENTION_CANCELLED_IN_A_ROW:
                why = _("%(n)s visits in a row were cancelled.") % {
                    "n": friendship.cancelled_in_a_row
                }
            else:
                why = _("No visit has been held since %(date)s.") % {
                    "date": since.strftime("%d.%m.%Y") if since else "–"
                }
            follow_up_task_create(
                site=friendship.site,
                kind=FollowUpKind.STABILITY,
                title=_("Follow up on the visits – %(child)s")
                % {"child": friendship.child.full_name},
                description=why,
                due_on=today,
                owner=plan_owner(friendship),
                by=None,
                dedupe_key=key,
                friendship=friendship,
            )
            created += 1
    return created
