"""In a real browser on a phone-sized screen: a parent with only a phone opens the link in
the survey's SMS, agrees to take part, forgets a question, and sends the answers."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from hjemtilos.surveys.models import InvitationStatus, ResponseMode, SurveyInvitation
from hjemtilos.surveys.services import invitations_send
from hjemtilos.surveys.tests.conftest import sms_to

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def fits_the_screen(page) -> bool:
    """Nothing sticks out sideways: the page is no wider than the phone."""
    width: int = page.evaluate("document.documentElement.scrollWidth")
    return width <= PHONE["width"]


def test_a_parent_answers_the_baseline_from_the_sms_link_on_a_phone(
    browser, live_server, make_friendship, delivering
):
    friendship = make_friendship()
    guardian = friendship.child.family.guardians.get()
    assert not guardian.email  # only a phone
    with delivering():
        assert invitations_send() == 1
    [text] = sms_to(guardian.phone)
    path = re.search(r"https?://\S+?(/svar/\S+/)", text)
    assert path is not None, text

    context = browser.new_context(
        locale="da-DK",
        timezone_id="Europe/Copenhagen",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + path.group(1))

    # The first page asks for consent; no login.
    page.get_by_role("heading", name="Spørgeskema til forældre ved start").wait_for()
    expect(page.get_by_role("button", name="Nej tak")).to_be_visible()
    assert fits_the_screen(page)
    page.get_by_role("button", name="Ja, jeg vil gerne være med").click()

    # The questions: some ticked, one forgotten.
    page.get_by_label("Nye, gode relationer").check()
    page.get_by_label("Gode oplevelser").check()
    page.get_by_label("Meget godt").check()
    page.get_by_label("Er der andet, du håber på for dit barn med Hjem til Os?").fill(
        "At Emma får en voksen mere at tale med."
    )
    assert fits_the_screen(page)
    send = page.get_by_role("button", name="Send mine svar")
    send.scroll_into_view_if_needed()
    send.click()

    # The forgotten question is pointed out; nothing typed or ticked is lost.
    page.get_by_text("Besvar dette spørgsmål.").first.wait_for()
    assert page.get_by_label("Nye, gode relationer").is_checked()
    assert page.get_by_label("Meget godt").is_checked()
    assert (
        page.get_by_label("Er der andet, du håber på for dit barn med Hjem til Os?").input_value()
        == "At Emma får en voksen mere at tale med."
    )
    assert fits_the_screen(page)
    page.get_by_role("group", name=re.compile("andre voksne uden for familien")).get_by_label(
        "Ja"
    ).check()
    page.get_by_role("button", name="Send mine svar").click()

    page.get_by_role("heading", name="Tak for dine svar").wait_for()
    assert fits_the_screen(page)
    # The link now only thanks: the survey is answered once.
    page.goto(live_server.url + path.group(1))
    page.get_by_role("heading", name="Tak for dine svar").wait_for()
    context.close()

    invitation = SurveyInvitation.objects.get()
    assert invitation.status == InvitationStatus.ANSWERED
    assert invitation.consented_at is not None
    response = invitation.response
    assert response.mode == ResponseMode.LINK
    picked = sorted((a.key, a.choice) for a in response.answers.all() if a.choice)
    assert picked == [
        ("expectations", "good_experiences"),
        ("expectations", "new_relations"),
        ("other_adults", "yes"),
        ("wellbeing_now", "very_good"),
    ]
    [hopes] = [a for a in response.answers.all() if a.key == "hopes"]
    assert hopes.text == "At Emma får en voksen mere at tale med."
