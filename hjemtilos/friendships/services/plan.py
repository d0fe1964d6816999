"""A friendship's follow-up plan: the site's template (*årshjul*) applied to the friendship.

``follow_up_plan_apply`` turns every template item whose anchor date is
known into a task for the friendship's contact person; it is called when
the friendship is created (the match), when the first meeting is planned,
and when the year starts, and creates each task once (a dedupe key per
friendship, plan generation and item). ``follow_up_plan_reapply`` starts a
new generation from the current template. The template itself and its
editing belong to ``followups``. ``friendship_task_create`` gives any other
task about a friendship to the same owner (``plan_owner``).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hjemtilos.accounts.models import User
from hjemtilos.followups.models import FollowUpPlan, FollowUpTask, PlanAnchor, PlanTemplateItem
from hjemtilos.followups.services import follow_up_task_create
from hjemtilos.followups.services.plans import due_date, plan_template_ensure
from hjemtilos.friendships.models import Friendship
from hjemtilos.organisations.models import SiteMembership


def anchor_dates(friendship: Friendship) -> dict[str, date]:
    """The friendship's known anchor dates; an anchor not reached yet is missing."""
    anchors: dict[str, date] = {}
    matched_at = friendship.referral.matched_at or friendship.created_at
    if matched_at:
        anchors[PlanAnchor.MATCH_FOUND] = timezone.localdate(matched_at)
    if friendship.first_meeting_on:
        anchors[PlanAnchor.FIRST_MEETING] = friendship.first_meeting_on
    elif friendship.first_meeting_at:
        anchors[PlanAnchor.FIRST_MEETING] = timezone.localdate(friendship.first_meeting_at)
    if friendship.started_on:
        anchors[PlanAnchor.FIRST_SOLO_VISIT] = friendship.started_on
    if friendship.anniversary_on:
        anchors[PlanAnchor.ANNIVERSARY] = friendship.anniversary_on
    return anchors


def plan_owner(friendship: Friendship) -> User | None:
    """Who owns the friendship's tasks: its contact person, else the family's, else a lead."""
    if friendship.contact_person_id:
        return friendship.contact_person
    if friendship.family.contact_person_id:
        return friendship.family.contact_person
    membership = (
        SiteMembership.objects.filter(site_id=friendship.site_id)
        .select_related("user")
        .order_by("-is_lead", "id")
        .first()
    )
    return membership.user if membership else None


def friendship_task_create(
    *,
    friendship: Friendship,
    kind: str,
    title: str,
    due_on: date,
    by: User | None,
    description: str = "",
    is_urgent: bool = False,
    dedupe_key: str = "",
    shown_to: str = "",
    family_title: str = "",
) -> FollowUpTask:
    """A task about ``friendship``: at its site, for its ``plan_owner``, linked to it.

    The other arguments are ``follow_up_task_create``'s (a ``dedupe_key`` makes it once).
    """
    return follow_up_task_create(
        site=friendship.site,
        kind=kind,
        title=title,
        description=description,
        due_on=due_on,
        owner=plan_owner(friendship),
        by=by,
        is_urgent=is_urgent,
        dedupe_key=dedupe_key,
        shown_to=shown_to,
        family_title=family_title,
        friendship=friendship,
    )


def _task_title(item: PlanTemplateItem, friendship: Friendship) -> str:
    return f"{item.title} – {friendship.child.full_name}"


@transaction.atomic
def follow_up_plan_apply(*, friendship: Friendship, by: User) -> list[FollowUpTask]:
    """Create the tasks of every template item whose anchor date is known, once.

    An open task whose anchor moved (the first meeting was planned for
    another day) follows it, unless staff re-planned it by hand. Items of a
    kind already completed for the friendship are not given again.
    """
    plan, _created = FollowUpPlan.objects.get_or_create(
        friendship=friendship,
        defaults={"applied_by": by},
    )
    items = plan_template_ensure(site=friendship.site)
    anchors = anchor_dates(friendship)
    existing = {
        task.dedupe_key: task
        for task in FollowUpTask.objects.filter(friendship=friendship, plan_item__isnull=False)
        .exclude(dedupe_key="")
        .prefetch_related("attempts")
    }
    done_kinds = {t.kind for t in existing.values() if t.completed_at is not None}
    # A step another module already gave a task for (matching's friendship books or
    # first meeting, on the referral or the friendship) is not planned twice.
    done_kinds |= set(
        FollowUpTask.objects.filter(
            Q(friendship=friendship) | Q(referral_id=friendship.referral_id),
            plan_item__isnull=True,
            cancelled_at__isnull=True,
            kind__in=[item.kind for item in items],
        ).values_list("kind", flat=True)
    )
    owner = plan_owner(friendship)
    tasks = []
    for item in items:
        due_on = due_date(item, anchors)
        if due_on is None:
            continue
        key = f"plan:{friendship.pk}:{plan.generation}:{item.pk}"
        task = existing.get(key)
        if task is not None:
            if task.is_open and task.due_on != due_on and not task.attempts.all():
                task.due_on = due_on
                task.save(update_fields=["due_on"])
            tasks.append(task)
            continue
        if item.kind in done_kinds:
            continue
        tasks.append(
            follow_up_task_create(
                site=friendship.site,
                kind=item.kind,
                title=_task_title(item, friendship),
                description=item.description,
                due_on=due_on,
                owner=owner,
                by=by,
                dedupe_key=key,
                shown_to=item.shown_to,
                family_title=item.family_title,
                friendship=friendship,
                plan_item=item,
            )
        )
    return tasks


@transaction.atomic
def follow_up_plan_reapply(*, friendship: Friendship, by: User) -> list[FollowUpTask]:
    """Replace the friendship's open plan tasks with tasks from the site's current template."""
    plan, created = FollowUpPlan.objects.select_for_update().get_or_create(friendship=friendship)
    now = timezone.now()
    for task in FollowUpTask.objects.open().filter(friendship=friendship, plan_item__isnull=False):
        task.cancelled_at = now
        task.save(update_fields=["cancelled_at"])
    if not created:
        plan.generation += 1
    plan.applied_at = now
    plan.applied_by = by
    plan.save(update_fields=["generation", "applied_at", "applied_by"])
    return follow_up_plan_apply(friendship=friendship, by=by)
