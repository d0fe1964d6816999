"""In a real browser: a worry in the logbook becomes a notification to the municipality.

The volunteer family ticks "I am worried about the child" in a logbook entry; the contact
person is alerted at once (urgent task, e-mail through a real SMTP server, SMS) and takes it
on; the advisory team assesses it, records the talk with the volunteer family and (skipped,
with the reason) the parents' involvement, writes the notification and sends it: the PDF
reaches the municipality's address on the SMTP server. Six working days later, under a
controlled clock, the daily job gives the advisory team the overdue-acknowledgement task,
which recording the municipality's (late) acknowledgement completes.

The clock only moves forward from today: the browser keeps its own clock.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from hjemtilos.accounts.models import User
from hjemtilos.core.scheduler import run_due_jobs
from hjemtilos.followups.models import FollowUpKind, FollowUpTask
from hjemtilos.friendships.tests.test_logbook import open_visit
from hjemtilos.messaging.models import Channel, Message
from hjemtilos.safeguarding.models import (
    AdvisoryTask,
    AdvisoryTaskKind,
    Concern,
    ConcernStatus,
    Notification,
    NotificationStatus,
)
from hjemtilos.safeguarding.tests.conftest import MUNICIPALITY_ADDRESS, pdf_text

pytestmark = pytest.mark.django_db(transaction=True)
CPH = ZoneInfo("Europe/Copenhagen")
WORRY = "Emma havde blå mærker på armen og sagde, at far bliver meget vred."


def said(page, text: str) -> None:
    """Wait for the page's confirmation message."""
    page.locator(".htos-messages").get_by_text(text).wait_for()


def go(page, path: str) -> None:
    page.goto(page.base + path)


def mails_to(inbox, address: str) -> list[EmailMessage]:
    return [mail for to, mail in inbox.messages if address in to]


def test_a_logbook_worry_becomes_a_notification_the_municipality_receives(
    page,
    browser_session,
    befriended,
    staff,
    volunteer,
    advisory,
    notification_address,
    smtp_server,
):
    friendship = befriended
    User.objects.filter(pk=staff.pk).update(phone="+4520304050")
    open_visit(friendship)  # the latest visit is still to be written about in the logbook

    # The volunteer family writes the entry from the portal and ticks the worry.
    browser_session(page, volunteer)
    go(page, f"/venskaber/mine/{friendship.pk}/")
    page.get_by_role("link", name="Skriv i logbogen").first.click()
    page.get_by_text("Bekymret for, at barnet er i fare lige nu?").wait_for()
    page.get_by_label("Rigtig godt").check()
    page.get_by_label("Glad", exact=True).check()
    page.get_by_label("Et par ord om besøget").fill("Vi bagte boller.")
    page.get_by_label("Nej", exact=True).check()
    page.get_by_label("Jeg er bekymret for barnet").check()
    page.get_by_label("Hvad bekymrer dig?").fill(WORRY)
    page.get_by_role("button", name="Gem indlægget").click()
    said(page, "Logbogsindlægget er gemt")

    # The contact person is alerted at once: an urgent task, an e-mail and an SMS that
    # name the child's first name at most, never what was observed.
    concern = Concern.objects.get(friendship=friendship)
    assert concern.status == ConcernStatus.RAISED and concern.observed == WORRY
    task = FollowUpTask.objects.get(concern=concern, kind=FollowUpKind.CONCERN)
    assert task.owner == staff and task.is_urgent and task.due_on == timezone.localdate()
    (alert,) = mails_to(smtp_server, staff.email)
    assert "Emma" in alert["Subject"] and "blå mærker" not in alert.get_content()
    sms = Message.objects.get(channel=Channel.SMS, to_address="+4520304050")
    assert "blå mærker" not in sms.body

    # The contact person reads the concern and takes it on: the urgent task is done.
    browser_session(page, staff)
    go(page, "/")
    page.get_by_role("link", name="Bekymringer").first.click()
    page.locator(f'a[href="/boernesikkerhed/bekymringer/{concern.pk}/"]').first.click()
    page.get_by_text(WORRY).wait_for()
    page.get_by_role("button", name="Jeg har læst den og handler på den").click()
    said(page, "Du har taget bekymringen")
    task.refresh_from_db()
    assert task.completed_at is not None

    # The advisory team finds it in its queue and assesses it.
    browser_session(page, advisory)
    go(page, "/")
    page.locator(f'a[href="/boernesikkerhed/bekymringer/{concern.pk}/"]').first.click()
    page.get_by_role("button", name="Tag den til vurdering").click()
    said(page, "Rådgivningen vurderer bekymringen")
    page.get_by_role("link", name="Registrér vurderingen").click()
    page.get_by_label("Hvad der vides").fill(
        "Venskabsfamilien har set blå mærker; Emma siger, at far bliver meget vred."
    )
    page.get_by_label("Barnets egne udsagn").fill("»Far bliver så vred.«")
    page.get_by_label("Høj", exact=True).check()
    page.get_by_label("Underret kommunen", exact=True).check()
    page.get_by_label("Begrundelse for afgørelsen").fill(
        "Grund til at antage, at Emma udsættes for vold i hjemmet."
    )
    page.get_by_role("button", name="Registrér vurderingen").click()
    said(page, "Vurderingen er registreret")
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.NOTIFYING

    # The talk with the volunteer family, and the parents deliberately not told (why).
    for party, done, note in (
        ("venskabsfamilie", "Ja", "Talt med Mette; de fortsætter besøgene."),
        ("foraeldre", "Nej, trinnet springes bevidst over", "Mistanken retter sig mod far."),
    ):
        page.locator(f'a[href$="/inddragelse/{party}/"]').click()
        # The form's page fully loaded first: a radio clicked while the page is still being
        # set up can lose its click (seen once on a loaded machine).
        page.wait_for_url(f"**/inddragelse/{party}/", wait_until="load")
        page.get_by_label(done, exact=True).check()
        page.get_by_label("Hvordan det gik, eller hvorfor det springes over").fill(note)
        page.get_by_role("button", name="Registrér", exact=True).click()
        said(page, "Trinnet er registreret")

    # The notification, written from the assessment, sent to the municipality.
    page.get_by_role("button", name="Skriv underretningen").click()
    page.get_by_role("button", name="Send underretningen").click()
    said(page, f"Underretningen sendes til {MUNICIPALITY_ADDRESS}")
    notification = Notification.objects.get(concern=concern)
    assert notification.status == NotificationStatus.SENT
    (mail,) = mails_to(smtp_server, MUNICIPALITY_ADDRESS)
    (attachment,) = list(mail.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    text = pdf_text(attachment.get_content())
    assert friendship.child.full_name in text and "Mistanken" in text
    # The e-mail itself names no child and says nothing of the case: that is in the PDF.
    assert notification.reference in mail["Subject"]
    body = mail.get_body()
    assert body is not None
    assert friendship.child.first_name not in mail["Subject"] + body.get_content()
    assert friendship.family.name not in text  # the volunteer family is not named
    assert notification.document.sha256 and notification.acknowledge_by is not None

    # Past the six working days, the daily job gives the advisory team a task.
    overdue_day = notification.acknowledge_by + timedelta(days=1)
    with time_machine.travel(datetime.combine(overdue_day, time(7, 5), CPH), tick=True):
        assert "safeguarding.acknowledgements_overdue" in run_due_jobs()
        overdue = AdvisoryTask.objects.get(
            notification=notification, kind=AdvisoryTaskKind.ACKNOWLEDGEMENT_OVERDUE
        )
        browser_session(page, advisory)
        go(page, "/")
        alert_box = page.locator(".alert-warning", has_text="Opgaver for rådgivningen")
        alert_box.get_by_text("Kommunen har ikke kvitteret for en underretning i tide").wait_for()

        # The municipality's acknowledgement arrives; recording it completes the task.
        go(page, f"/boernesikkerhed/underretninger/{notification.pk}/")
        page.get_by_role("link", name="Registrér kommunens kvittering").click()
        page.get_by_label("Kvitteret den").fill(overdue_day.isoformat())
        page.get_by_role("button", name="Registrér kvitteringen").click()
        said(page, "Kvitteringen er registreret")
        go(page, "/")
        assert "Kommunen har ikke kvitteret" not in page.content()
    overdue.refresh_from_db()
    notification.refresh_from_db()
    assert overdue.completed_at is not None
    assert notification.acknowledged_on == overdue_day and not notification.acknowledged_in_time
