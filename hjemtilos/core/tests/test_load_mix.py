"""The load test's people ask for the menu's counts as a browser does (benchmarks/load)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from benchmarks.load.mix import menu_counts_url

pytestmark = pytest.mark.django_db


def test_every_staff_page_of_the_mix_leads_to_the_menu_counts(login, staff, friendship):
    client = login(staff)
    # The staff pages of benchmarks/load/locustfile.py's Staff user.
    pages = [
        "/",
        "/opgaver/",
        "/henvisninger/modtagelse/",
        f"/henvisninger/barn/{friendship.child_id}/",
        "/matchning/",
        f"/venskaber/{friendship.pk}/",
        "/venskaber/logbog/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert menu_counts_url(response.content.decode()) == reverse("core:nav_counts"), url
    counts = client.get(reverse("core:nav_counts"), HTTP_ACCEPT="application/json").json()
    assert "followups-mine" in counts["counts"]


def test_people_whose_menu_counts_nothing_ask_for_no_counts(
    login, caseworker, volunteer, parent, friendship
):
    for user, url in (
        (caseworker, "/henvisninger/mine/"),
        (volunteer, "/venskaber/mine/"),
        (parent, f"/venskaber/mine/{friendship.pk}/"),
    ):
        assert menu_counts_url(login(user).get(url).content.decode()) is None, url
    # An API answer is JSON, never a page with a menu.
    assert menu_counts_url('{"items": [], "count": 0}') is None
