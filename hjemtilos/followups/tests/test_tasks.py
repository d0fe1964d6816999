"""My tasks: urgent and overdue first, links to what a task is about, completing with an
outcome, re-planning a call with no answer, and the site lead's overdue list."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from hjemtilos.accounts.models import Role
from hjemtilos.conftest import make_user
from hjemtilos.core.testing import get_page, get_page_before_and_after
from hjemtilos.followups.models import FollowUpKind, FollowUpTask
from hjemtilos.followups.services import follow_up_task_create
from hjemtilos.organisations.models import SiteMembership


def task(site, owner, days: int, **extra):
    return follow_up_task_create(
        site=site,
        kind=extra.pop("kind", FollowUpKind.OTHER),
        title=extra.pop("title", f"Opgave {days}"),
        due_on=timezone.localdate() + timedelta(days=days),
        owner=owner,
        by=owner,
        **extra,
    )


def test_urgent_then_overdue_then_this_week_then_later(login, staff, site, befriended):
    task(site, staff, 30, title="Senere")
    task(site, staff, -2, title="Forsinket", friendship=befriended)
    task(site, staff, 0, title="Bekymring", is_urgent=True, kind=FollowUpKind.CONCERN)
    response = get_page(login(staff), reverse("followups:mine"), queries=8, name="my tasks")
    groups = {str(label): [t.title for t in tasks] for label, tasks in response.context["groups"]}
    assert groups["Haster"] == ["Bekymring"]
    assert groups["Overskredet"] == ["Forsinket"]
    assert groups["Senere"] == ["Senere"]
    assert reverse("friendships:detail", args=[befriended.pk]) in response.text


def test_completing_keeps_the_outcome_encrypted(login, staff, site):
    open_task = task(site, staff, 1)
    response = login(staff).post(
        reverse("followups:complete", args=[open_task.pk]), {"outcome": "Samtale holdt"}
    )
    assert response.status_code == 302
    open_task.refresh_from_db()
    assert open_task.outcome == "Samtale holdt" and open_task.completed_by == staff
    with connection.cursor() as cursor:
        cursor.execute("SELECT outcome FROM followups_followuptask WHERE id = %s", [open_task.pk])
        assert "Samtale" not in cursor.fetchone()[0]


def test_a_call_with_no_answer_is_planned_again(login, staff, site):
    call = task(site, staff, -1, kind=FollowUpKind.CALL_3_MONTHS)
    tomorrow = timezone.localdate() + timedelta(days=1)
    client = login(staff)
    response = client.post(
        reverse("followups:replan", args=[call.pk]),
        {"due_on": tomorrow.isoformat(), "note": "Intet svar; lagt besked"},
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.due_on == tomorrow and call.is_open
    (attempt,) = call.attempts.all()
    assert attempt.note == "Intet svar; lagt besked" and attempt.by == staff
    assert attempt.previous_due_on == tomorrow - timedelta(days=2)
    # The first visit after the move, which shows the confirmation.
    url = reverse("followups:mine")
    page = get_page(client, url, queries=7, name="my tasks, re-planned", first_visit=True)
    assert "1 forsøg uden svar" in page.text
    # The confirmation names the new day, not the one the task had.
    assert f"Planlagt igen til {tomorrow.strftime('%d.%m.%Y')}" in page.text
    past = client.post(
        reverse("followups:replan", args=[call.pk]),
        {"due_on": (tomorrow - timedelta(days=5)).isoformat()},
    )
    assert past.status_code == 400 and "Vælg i dag eller en senere dag." in past.text


def test_other_sites_tasks_cannot_be_closed(login, other_staff, staff, site):
    open_task = task(site, staff, 1)
    response = login(other_staff).post(
        reverse("followups:complete", args=[open_task.pk]), {"outcome": "x"}
    )
    assert response.status_code == 404


def test_the_site_lead_sees_everyones_overdue_tasks(login, staff, site, other_staff):
    colleague = make_user(Role.STAFF, "kollega@example.org", "Kim")
    SiteMembership.objects.create(site=site, user=colleague)
    task(site, colleague, -3, title="Kims forsinkede opgave")
    task(site, colleague, 3, title="Kims kommende opgave")
    # Staff is the site lead.
    response = get_page(
        login(staff), reverse("followups:overdue"), queries=7, name="the lead's overdue list"
    )
    titles = [t.title for t in response.context["page"].object_list]
    assert titles == ["Kims forsinkede opgave"]
    assert login(colleague).get(reverse("followups:overdue")).status_code == 403


def test_my_tasks_queries_do_not_grow(login, staff, site, befriended):
    def add_tasks() -> None:
        for days in range(-10, 40, 2):
            task(site, staff, days, friendship=befriended, referral=befriended.referral)

    task(site, staff, 1, friendship=befriended)
    url = reverse("followups:mine")
    _few, response = get_page_before_and_after(
        login(staff), url, queries=8, name="my tasks", change=add_tasks
    )
    assert response.context["count"] > 20
    assert FollowUpTask.objects.filter(owner=staff).count() > 20


def test_my_tasks_are_short_rows_paged(login, staff, site):
    for days in range(-5, 26):
        task(site, staff, days)
    client = login(staff)
    first = get_page(client, reverse("followups:mine"), queries=7, name="my tasks, page 1")
    assert first.context["count"] == 31
    # One row per task: no form until the task is opened.
    assert first.text.count('class="htos-task ') + first.text.count('class="htos-task"') == 30
    assert "<textarea" not in first.text
    assert "Opgave -5" in first.text and "Opgave 25" not in first.text
    second = get_page(client, reverse("followups:mine") + "?side=2", queries=7, name="page 2")
    assert "Opgave 25" in second.text and "Side 2 af 2" in second.text


def test_a_task_opens_in_place_with_its_forms(login, staff, site):
    call = task(site, staff, -1, title="Ring til familien", description="Spørg til ugen")
    client = login(staff)
    url = reverse("followups:task", args=[call.pk]) + "?next=/opgaver/%3Fside%3D1"
    fragment = get_page(client, url, queries=6, name="a task's forms", HTTP_HX_REQUEST="true")
    assert "<html" not in fragment.text
    assert "Spørg til ugen" in fragment.text
    assert reverse("followups:complete", args=[call.pk]) in fragment.text
    assert reverse("followups:replan", args=[call.pk]) in fragment.text
    assert 'name="next" value="/opgaver/?side=1"' in fragment.text
    # Without JavaScript the link opens the task's own page.
    page = get_page(client, url, queries=7, name="a task's page")
    assert "<html" in page.text and "Ring til familien" in page.text


def test_another_sites_task_is_not_found(login, other_staff, staff, site):
    open_task = task(site, staff, 1)
    response = login(other_staff).get(reverse("followups:task", args=[open_task.pk]))
    assert response.status_code == 404
