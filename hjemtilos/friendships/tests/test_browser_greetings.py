"""In a real browser: a greeting with a photo after a logbook entry, read and answered by
the parent on a phone; without photo consent no photo can be attached; with relayed
feedback the contact person receives the greeting first (by e-mail, through a real SMTP
server) and passes it on."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from hjemtilos.friendships.models import Greeting, LogbookEntry
from hjemtilos.messaging.models import Message

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def phone(browser, live_server):
    """The parent's phone: a 390 px wide touch screen."""
    context = browser.new_context(
        locale="da-DK", timezone_id="Europe/Copenhagen", viewport=PHONE, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base = live_server.url
    yield page
    context.close()


def said(page, text: str) -> None:
    page.locator(".htos-messages").get_by_text(text).wait_for()


def photo_file(tmp_path):
    path = tmp_path / "boller.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), (200, 120, 60)).save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def fits_the_screen(page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_greetings_between_the_families_in_the_browser(
    page,
    phone,
    browser_session,
    befriended,
    staff,
    volunteer,
    parent,
    smtp_server,
    media,
    tmp_path,
):
    friendship = befriended
    greetings = f"/venskaber/mine/{friendship.pk}/hilsner/"
    # Tonight's logbook entry is not written yet.
    LogbookEntry.objects.filter(friendship=friendship).order_by("-written_at")[0].delete()

    # On the phone, the parent agrees to photos in greetings.
    browser_session(phone, parent)
    phone.goto(phone.base + greetings)
    phone.get_by_role("button", name="Ja, de må sende mig billeder").click()
    said(phone, "venskabsfamilien kan nu sende dig billeder")

    # The volunteer writes the logbook entry and goes on to the greeting, with a photo.
    browser_session(page, volunteer)
    page.goto(page.base + f"/venskaber/mine/{friendship.pk}/")
    page.get_by_role("link", name="Skriv i logbogen").first.click()
    page.get_by_label("Rigtig godt").check()
    page.get_by_label("Glad", exact=True).check()
    page.get_by_label("Et par ord om besøget").fill("Stille eftermiddag; hun var træt.")
    page.get_by_label("Nej", exact=True).check()
    page.get_by_label("Send derefter barnets familie en kort hilsen").check()
    page.get_by_role("button", name="Gem indlægget").click()
    page.get_by_role("heading", name="En hilsen til Emmas familie").wait_for()
    page.get_by_label("Jeres hilsen").fill(
        "Emma bagte boller og vandt i Uno. Hun lo hele vejen hjem."
    )
    page.get_by_label("Billeder (op til 3)").set_input_files(photo_file(tmp_path))
    page.get_by_role("button", name="Send", exact=True).click()
    said(page, "Jeres hilsen er sendt.")
    greeting = Greeting.objects.get(friendship=friendship)
    assert greeting.visit_id is not None
    assert greeting.photos.count() == 1
    # The logbook is not the greeting: the parent never reads the entry.
    assert Message.objects.filter(template="greeting_arrived", to_address="+4561112233").exists()

    # The parent sees the greeting and the photo on the phone, and says thank you.
    phone.goto(phone.base + greetings)
    item = phone.get_by_test_id("greetings").locator("li").first
    item.get_by_text("vandt i Uno").wait_for()
    image = item.locator("img")
    # The photo loads after the text: wait for it (Playwright's expect retries).
    expect(image).to_have_js_property("naturalWidth", 120)
    assert "hun var træt" not in phone.content()
    assert fits_the_screen(phone)
    item.get_by_role("button", name="Sig tak").click()
    said(phone, "Jeres hilsen er sendt.")
    page.goto(page.base + greetings)
    page.get_by_text("Tak for en dejlig eftermiddag!").wait_for()

    # The parent withdraws the consent: the photo is gone and none can be attached.
    phone.get_by_role("button", name="Træk mit samtykke tilbage").click()
    said(phone, "de billeder, der allerede er sendt, er slettet")
    assert not greeting.photos.exists()
    page.goto(page.base + greetings)
    page.get_by_role("link", name="Send en hilsen").click()
    page.get_by_test_id("no-photo-consent").wait_for()
    expect(page.locator("input[type=file]")).to_have_count(0)

    # Staff turn relayed feedback on: the next greeting reaches the contact person first.
    browser_session(page, staff)
    page.goto(page.base + f"/venskaber/{friendship.pk}/")
    page.get_by_role("button", name="Send hilsner gennem kontaktpersonen").click()
    said(page, "Hilsner går nu først til kontaktpersonen.")
    browser_session(page, volunteer)
    page.goto(page.base + f"/venskaber/mine/{friendship.pk}/hilsner/ny/")
    page.get_by_label("Jeres hilsen").fill("Vi var i skoven og fandt svampe.")
    page.get_by_role("button", name="Send", exact=True).click()
    said(page, "Jeres hilsen går først til jeres kontaktperson")
    phone.goto(phone.base + greetings)
    assert "svampe" not in phone.content()
    mails = [mail for to, mail in smtp_server.messages if staff.email in to]
    assert mails, "the contact person is told by e-mail"
    assert "svampe" not in mails[-1].get_body().get_content()

    browser_session(page, staff)
    page.goto(page.base + "/venskaber/hilsner/")
    page.get_by_role("link", name="Læs og giv videre").first.click()
    page.get_by_label("Hilsenen, som du giver den videre").fill(
        "Emma og familien var i skoven og fandt svampe. Hun glæder sig til næste gang."
    )
    page.get_by_role("button", name="Giv den videre").click()
    said(page, "Hilsenen er givet videre")
    phone.goto(phone.base + greetings)
    phone.get_by_text("Hun glæder sig til næste gang.").wait_for()
