"""Staff pages for friendships, visits and logbooks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hjemtilos.demo.builders import build_friendship, build_referral, build_volunteer_family


def test_staff_see_the_friendship_with_logbook(login, staff, friendship):
    client = login(staff)
    response = client.get(reverse("friendships:list"))
    assert "Emma Hansen" in response.text and "Familien Jensen" in response.text
    response = client.get(reverse("friendships:detail", args=[friendship.pk]))
    assert response.status_code == 200
    assert "Vi bagte boller" in response.text
    assert LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, object_pk=str(friendship.pk), actor=staff
    ).exists()


def test_visits_held_are_counted(login, staff, friendship):
    response = login(staff).get(reverse("friendships:list"))
    row = response.context["page"].object_list[0]
    assert row.visits_held == friendship.visits.filter(status="held").count() > 0


def test_advisory_see_the_friendship_but_not_the_family_page_link(login, advisory, friendship):
    response = login(advisory).get(reverse("friendships:detail", args=[friendship.pk]))
    assert response.status_code == 200
    assert reverse("volunteers:detail", args=[friendship.family_id]) not in response.text


@pytest.mark.parametrize(
    "role", ["caseworker", "volunteer", "parent", "evaluator", "administrator"]
)
def test_other_roles_are_refused(login, people, role, friendship):
    client = login(people[role])
    assert client.get(reverse("friendships:list")).status_code == 403
    assert client.get(reverse("friendships:detail", args=[friendship.pk])).status_code == 403


def test_other_site_staff_get_404(login, other_staff, friendship):
    response = login(other_staff).get(reverse("friendships:detail", args=[friendship.pk]))
    assert response.status_code == 404


def test_list_queries_do_not_grow(login, staff, site, caseworker):
    client = login(staff)

    def add(i: int) -> None:
        referral = build_referral(site=site, caseworker=caseworker, first_name=f"B{i}")
        family = build_volunteer_family(site=site, name=f"F{i}")
        build_friendship(
            referral=referral,
            family=family,
            started_on=timezone.localdate() - timedelta(weeks=3),
        )

    add(0)
    client.get(reverse("friendships:list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("friendships:list"))
    for i in range(1, 25):
        add(i)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("friendships:list"))
    assert len(many) == len(few)
    assert response.context["page"].paginator.count == 25
