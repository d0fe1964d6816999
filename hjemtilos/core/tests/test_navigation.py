"""The menu: grouped by the work, only what its viewer may open, with counts of what waits."""

from __future__ import annotations

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from hjemtilos.core.testing import get_page, get_page_before_and_after
from hjemtilos.demo.builders import build_referral
from hjemtilos.followups.models import FollowUpTask
from hjemtilos.referrals.models import ReferralStatus


def menu(html: str) -> str:
    """The desktop menu's HTML."""
    return html.split('<div class="navigation-menu">', 1)[1].split("</nav>", 1)[0]


def test_staff_menu_is_grouped_by_the_work(login, staff, site):
    html = menu(login(staff).get("/").content.decode())
    groups = re.findall(r'class="button-overflow-menu js-dropdown"[^>]*>\s*<span>([^<]+)', html)
    assert groups == ["Modtagelse", "Familier", "Venskaber", "Administration"]
    # A group with one entry for its viewer is that entry itself.
    assert '>Bekymringer<span class="htos-nav-count"' in html
    assert ">Rapporter</span>" in html
    # Each group's pages are inside its sub-menu.
    friendships = html.split("htos-menu-d-friendships", 1)[1].split("</ul>", 1)[0]
    assert {"Venskaber", "Logbøger", "Støtte"} <= set(
        re.findall(r'class="nav-link"><span>([^<]+)', friendships)
    )


def test_caseworker_menu_has_no_groups_and_no_staff_pages(login, caseworker):
    html = menu(login(caseworker).get("/").content.decode())
    assert "button-overflow-menu" not in html
    assert "Henvis et barn" in html
    assert "Modtagelse" not in html
    assert "Bekymringer" not in html


def test_the_menu_links_only_what_its_viewer_opens(login, people, site):
    for role, user in people.items():
        client = login(user)
        html = menu(client.get("/").content.decode())
        for url in re.findall(r'href="([^"]+)"', html):
            assert client.get(url).status_code == 200, (role, url)


def test_counts_of_what_waits_for_staff(login, staff, site, caseworker):
    client = login(staff)
    url = reverse("core:nav_counts")

    def more() -> None:
        build_referral(site=site, caseworker=caseworker, status=ReferralStatus.SUBMITTED)
        FollowUpTask.objects.create(
            owner=staff,
            site=site,
            title="Ring til familien",
            due_on=timezone.localdate() - timedelta(days=1),
        )

    before, after = get_page_before_and_after(
        client, url, queries=8, name="the menu's counts", change=more
    )
    assert (
        after.json()["counts"]["referrals-intake"]
        == before.json()["counts"]["referrals-intake"] + 1
    )
    assert after.json()["counts"]["followups-mine"] == before.json()["counts"]["followups-mine"] + 1
    assert set(after.json()["counts"]) == {
        "followups-mine",
        "referrals-intake",
        "friendships-screening",
        "safeguarding-concerns",
    }


def test_counts_only_for_entries_the_viewer_has(login, caseworker):
    response = get_page(
        login(caseworker), reverse("core:nav_counts"), queries=2, name="a caseworker's counts"
    )
    assert response.json() == {"counts": {}}
    # The page tells the browser where to fetch them only when there is something to count.
    assert "data-nav-counts" not in login(caseworker).get("/").content.decode()
