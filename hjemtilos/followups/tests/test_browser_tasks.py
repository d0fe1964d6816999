"""On a phone, staff open a task from the compact list and complete it in place."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hjemtilos.followups.models import FollowUpKind, FollowUpTask
from hjemtilos.followups.services import follow_up_task_create

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def test_staff_complete_a_task_in_place_on_a_phone(new_page, browser_session, staff, site):
    for days, title in ((-2, "Ring til familien"), (3, "Send referat")):
        follow_up_task_create(
            site=site,
            kind=FollowUpKind.OTHER,
            title=title,
            due_on=timezone.localdate() + timedelta(days=days),
            owner=staff,
            by=staff,
        )
    page = new_page(viewport=PHONE, is_mobile=True)
    browser_session(page, staff)
    page.goto(page.base + "/opgaver/")
    expect(page.get_by_role("heading", name="Overskredet (1)")).to_be_visible()
    expect(page.locator("textarea")).to_have_count(0)
    row = page.locator(".htos-task", has_text="Ring til familien")
    row.get_by_role("link", name="Afslut").click()
    # The forms open under the row, on the same page.
    outcome = row.get_by_label("Resultat")
    outcome.wait_for()
    assert page.url == page.base + "/opgaver/"
    outcome.fill("Talte med mor; alt vel")
    row.get_by_role("button", name="Afslut opgave").click()
    page.wait_for_url(page.base + "/opgaver/")
    expect(page.get_by_text("Opgave afsluttet: Ring til familien")).to_be_visible()
    expect(page.locator(".htos-task", has_text="Ring til familien")).to_have_count(0)
    done = FollowUpTask.objects.get(title="Ring til familien")
    assert done.outcome == "Talte med mor; alt vel"
