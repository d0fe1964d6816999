"""In a real browser: staff open a waiting child, see ranked and explained candidates, propose
one, record both answers, make both friendship books as PDFs and schedule the first meeting."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from hjemtilos.friendships.models import Friendship, FriendshipStatus
from hjemtilos.matching.models import MatchProposal, ProposalStatus
from hjemtilos.matching.tests.conftest import ADULTS, kid

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_match_a_waiting_child_from_candidates_to_the_first_meeting(
    page, browser_session, staff, make_child, make_family, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_child(
        first_name="Liva",
        age=8,
        interests="tegning og dyr",
        wishes={"wish_family_children": "older", "wish_pets": "would_like"},
    )
    make_family(
        name="Familien Holt",
        members=[*ADULTS, kid(10, "Sigrid")],
        pets="en kat",
        activities="tegning, dyr og skovture",
        transport="bike",
    )
    make_family(name="Familien Berg", postal="2100", transport="public")
    make_family(name="Familien Sund", postal="3000")  # too far away
    browser_session(page, staff, language="en")

    page.goto(page.base + "/matchning/")
    page.get_by_role("link", name="Liva Hansen").click()
    page.wait_for_url("**/matchning/barn/*/")
    assert page.get_by_role("heading", level=1).inner_text() == "Find a family for Liva Hansen"
    first = page.locator("section").filter(has_text="Familien Holt").first
    assert first.get_by_role("heading", level=3).inner_text().startswith("1. Familien Holt")
    assert "One child aged 10 — the child wished older children" in first.inner_text()
    assert "min by bike" in first.inner_text()
    assert "Shared interests: dyr and tegning" in first.inner_text()
    assert "1 family: travel time over 30 minutes" in page.content()

    with page.expect_navigation():
        first.get_by_role("button", name="Propose Familien Holt").click()
    page.wait_for_url("**/matchning/forslag/*/")
    assert "Familien Holt is proposed for Liva Hansen" in page.content()

    for side in ("The child's parent", "The volunteer family"):
        form = page.locator("form", has=page.get_by_text(f"{side} said yes"))
        form.get_by_label(f"{side} said yes").check()
        with page.expect_navigation():
            form.get_by_role("button", name="Record the answer").click()
    assert "Both said yes: the match is made." in page.content()
    proposal = MatchProposal.objects.get()
    assert proposal.status == ProposalStatus.ACCEPTED
    # The books cannot be marked as sent before both pages are written.
    assert "Not written yet: the child's page, the family's page." in page.content()
    expect(
        page.get_by_role("button", name="Mark the books as sent to both families")
    ).to_have_count(0)

    # The child's page of the friendship books, then the family's with a photo.
    with page.expect_navigation():
        page.get_by_role("link", name="Write the page").first.click()
    page.get_by_label("Who I am").fill("Jeg hedder Liva og elsker at tegne heste.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the page").click()
    assert "The page is saved." in page.content()
    with page.expect_download() as child_pdf:
        page.get_by_role("link", name="Download as PDF").click()
    assert child_pdf.value.path().read_bytes().startswith(b"%PDF-")

    page.goto(page.base + f"/matchning/forslag/{proposal.pk}/bog/family/")
    page.get_by_label("Our home").fill("Et rødt hus med have og en stor kat.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the page").click()
    photo = tmp_path / "os.png"
    Image.new("RGB", (300, 200), (30, 90, 160)).save(photo)
    page.get_by_label("Photo", exact=True).set_input_files(str(photo))
    with page.expect_navigation():
        page.get_by_role("button", name="Add the photo").click()
    assert "The photo is added." in page.content()
    assert page.locator("img").first.evaluate("img => img.naturalWidth") == 300
    with page.expect_download() as family_pdf:
        page.get_by_role("link", name="Download as PDF").click()
    assert family_pdf.value.path().read_bytes().startswith(b"%PDF-")

    page.goto(page.base + f"/matchning/forslag/{proposal.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Mark the books as sent to both families").click()
    day = timezone.localdate() + timedelta(days=7)
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Time").fill("16:30")
    page.get_by_label("Staff member at the meeting").select_option(str(staff.pk))
    with page.expect_navigation():
        page.get_by_role("button", name="Schedule the first meeting").click()
    assert "The first meeting is scheduled, and the friendship is planned." in page.content()
    assert "Became a friendship" in page.content()

    friendship = Friendship.objects.get()
    assert friendship.status == FriendshipStatus.PLANNED
    assert friendship.contact_person == staff
    assert timezone.localtime(friendship.first_meeting_at).strftime("%H:%M") == "16:30"
