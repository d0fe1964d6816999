"""Staff pages for children: who sees what, audit of views, bounded queries."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from hjemtilos.core.testing import get_page, get_page_before_and_after
from hjemtilos.demo.builders import build_referral
from hjemtilos.referrals.models import Child, ReferralStatus


def test_staff_see_their_sites_children_only(login, staff, referral, other_referral):
    response = get_page(
        login(staff), reverse("referrals:list"), queries=7, name="staff's list of children"
    )
    assert "Emma Hansen" in response.text
    assert "Noah Berg" not in response.text


def test_status_filter_narrows_the_list(login, staff, site, caseworker, referral):
    build_referral(site=site, caseworker=caseworker, first_name="Alma", status="withdrawn")
    client = login(staff)
    url = reverse("referrals:list")
    response = get_page(
        client,
        url,
        data={"status": ReferralStatus.WITHDRAWN},
        queries=7,
        name="the list of withdrawn children",
    )
    assert "Alma" in response.text and "Emma" not in response.text
    # An unknown status is ignored rather than an error.
    response = get_page(
        client, url, data={"status": "nonsense"}, queries=7, name="the list, unknown status"
    )
    assert "Alma" in response.text and "Emma" in response.text


def test_advisory_see_every_site(login, advisory, referral, other_referral):
    response = get_page(
        login(advisory), reverse("referrals:list"), queries=7, name="the advisory's list"
    )
    assert "Emma Hansen" in response.text and "Noah Berg" in response.text


@pytest.mark.parametrize(
    "role", ["caseworker", "volunteer", "parent", "evaluator", "administrator"]
)
def test_other_roles_are_refused(login, people, role, referral):
    client = login(people[role])
    assert client.get(reverse("referrals:list")).status_code == 403
    assert client.get(reverse("referrals:child", args=[referral.child_id])).status_code == 403


def test_staff_of_another_site_get_404_for_the_child(login, other_staff, referral):
    response = login(other_staff).get(reverse("referrals:child", args=[referral.child_id]))
    assert response.status_code == 404


def test_child_page_shows_decrypted_needs_and_history_and_is_audited(login, staff, referral):
    url = reverse("referrals:child", args=[referral.child_id])
    response = get_page(
        login(staff),
        url,
        queries=9,
        name="the child page",
        first_visit=True,
        REMOTE_ADDR="10.1.2.3",
    )
    assert "Trives bedst med faste rammer." in response.text
    assert "Klar til matchning" in response.text or "Ready for matching" in response.text
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS, object_pk=str(referral.child_id))
    assert entry.actor == staff
    assert entry.remote_addr == "10.1.2.3"
    assert entry.content_type.model == "child"


def test_list_queries_do_not_grow_with_referrals(login, staff, site, caseworker):
    def add(count: int) -> None:
        for _ in range(count):
            build_referral(site=site, caseworker=caseworker)

    add(3)
    _few, response = get_page_before_and_after(
        login(staff), reverse("referrals:list"), queries=7, name="the list", change=lambda: add(60)
    )
    assert response.context["page"].paginator.count == 63
    assert Child.objects.count() == 63
