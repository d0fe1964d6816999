"""The site's follow-up plan template: editable per site; running friendships keep their
plan until staff apply it again."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from hjemtilos.core.testing import get_page
from hjemtilos.demo.builders import build_planned_friendship
from hjemtilos.followups.models import FollowUpKind, FollowUpTask, PlanTemplateItem
from hjemtilos.followups.services import follow_up_task_complete, follow_up_task_create
from hjemtilos.followups.services.plans import DEFAULT_PLAN, plan_template_ensure
from hjemtilos.friendships.dates import add_months
from hjemtilos.friendships.services.plan import follow_up_plan_apply


def test_a_site_starts_with_the_programmes_plan_in_danish(login, staff, site):
    client = login(staff)
    url = reverse("followups:plan")
    # The first visit writes the programme's plan for the site.
    response = get_page(client, url, queries=10, name="the plan's first visit", first_visit=True)
    items = response.context["items"]
    assert len(items) == len(DEFAULT_PLAN)
    assert "Opkald efter 3 måneder; aftal børnebesøget" in response.text
    assert PlanTemplateItem.objects.filter(site=site).count() == len(DEFAULT_PLAN)
    get_page(client, url, queries=9, name="the plan page")
    assert PlanTemplateItem.objects.filter(site=site).count() == len(DEFAULT_PLAN)


def test_staff_edit_a_step_and_only_new_plans_follow_until_reapplied(
    login, staff, site, befriended
):
    follow_up_plan_apply(friendship=befriended, by=staff)
    call = FollowUpTask.objects.get(friendship=befriended, kind=FollowUpKind.CALL_6_MONTHS)
    follow_up_task_complete(
        task=FollowUpTask.objects.get(friendship=befriended, kind=FollowUpKind.CALL_3_MONTHS),
        by=staff,
        outcome="Holdt",
    )
    item = PlanTemplateItem.objects.get(site=site, kind=FollowUpKind.CALL_6_MONTHS)
    client = login(staff)
    response = client.post(
        reverse("followups:plan_item_edit", args=[item.pk]),
        {
            "title": "Halvårssamtale",
            "kind": FollowUpKind.CALL_6_MONTHS,
            "description": "Ring til forælderen",
            "with_whom": "parent",
            "anchor": "first_solo_visit",
            "offset_months": 5,
            "offset_days": 0,
            "shown_to": "parent",
            "family_title": "Vi ringer",
            "position": 60,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.is_open and "Halvårssamtale" not in call.title  # the running plan is kept
    client.post(reverse("friendships:plan_reapply", args=[befriended.pk]))
    call.refresh_from_db()
    assert call.cancelled_at is not None
    new = FollowUpTask.objects.open().get(friendship=befriended, kind=FollowUpKind.CALL_6_MONTHS)
    assert new.title.startswith("Halvårssamtale")
    assert new.due_on == add_months(befriended.started_on, 5)
    # What was done stays done and is not asked again.
    assert (
        FollowUpTask.objects.filter(friendship=befriended, kind=FollowUpKind.CALL_3_MONTHS).count()
        == 1
    )


def test_a_step_with_a_bad_offset_is_refused_with_the_input_kept(login, staff, site):
    plan_template_ensure(site=site)
    response = login(staff).post(
        reverse("followups:plan_item_add", args=[site.pk]),
        {
            "title": "Ekstra opkald",
            "kind": "other",
            "with_whom": "parent",
            "anchor": "first_solo_visit",
            "offset_months": 99,
            "offset_days": 0,
            "position": 5,
        },
    )
    assert response.status_code == 400 and 'value="Ekstra opkald"' in response.text


def test_applying_twice_creates_each_task_once(staff, befriended):
    first = follow_up_plan_apply(friendship=befriended, by=staff)
    second = follow_up_plan_apply(friendship=befriended, by=staff)
    assert sorted(t.pk for t in first) == sorted(t.pk for t in second)
    assert FollowUpTask.objects.filter(friendship=befriended).count() == len(first)


def test_a_step_matching_already_gave_a_task_for_is_not_planned_twice(
    staff, referral, volunteer_family
):
    """Matching may create the friendship-books task itself before the friendship exists."""
    follow_up_task_create(
        site=referral.site,
        kind=FollowUpKind.FRIENDSHIP_BOOKS,
        title="Send venskabsbøger",
        due_on=timezone.localdate(),
        owner=staff,
        by=staff,
        referral=referral,
    )
    friendship = build_planned_friendship(referral=referral, family=volunteer_family, by=staff)
    assert FollowUpTask.objects.filter(kind=FollowUpKind.FRIENDSHIP_BOOKS).count() == 1
    assert not FollowUpTask.objects.filter(
        friendship=friendship, kind=FollowUpKind.FRIENDSHIP_BOOKS
    ).exists()
