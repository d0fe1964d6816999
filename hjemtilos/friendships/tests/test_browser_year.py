"""In a real browser: one friendship from the first meeting to the anniversary.

Staff record the first meeting (the year's visits appear), the parent cancels
a visit and the volunteer moves one, the volunteer writes logbook entries,
staff screen them and complete follow-up tasks; ten months in, both families
answer and confirm the future agreement; on the anniversary the daily job
sends the farewell e-mail (received by a real SMTP server) and the volunteer
no longer sees the child.

The clock only moves forward from today: the browser keeps its own clock, and
cookies set "in the past" would be thrown away.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from hjemtilos.core.scheduler import run_due_jobs
from hjemtilos.followups.models import FollowUpKind, FollowUpTask
from hjemtilos.friendships.dates import add_months
from hjemtilos.friendships.models import FriendshipStatus, LogbookEntry, VisitStatus
from hjemtilos.messaging.models import Message

pytestmark = pytest.mark.django_db(transaction=True)
CPH = ZoneInfo("Europe/Copenhagen")
WEEKDAYS = ["Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag"]


def said(page, text: str) -> None:
    """Wait for the page's confirmation message."""
    page.locator(".htos-messages").get_by_text(text).wait_for()


def go(page, path: str) -> None:
    page.goto(page.base + path)


def test_one_friendship_year_in_the_browser(
    page, browser_session, planned, staff, volunteer, parent, smtp_server
):
    friendship = planned
    today = timezone.localdate()
    first_solo = today - timedelta(days=14)
    while first_solo.weekday() > 4:  # the agreed weekday is a school day
        first_solo -= timedelta(days=1)
    weekday = WEEKDAYS[first_solo.weekday()]

    # Staff record the first meeting and the agreement: the year starts.
    browser_session(page, staff)
    go(page, f"/venskaber/{friendship.pk}/")
    page.get_by_role("link", name="Registrér venskabsmødet").click()
    page.get_by_label("Venskabsmødet blev holdt den").fill(
        (first_solo - timedelta(days=7)).isoformat()
    )
    page.get_by_label("Hvem deltog").fill("Emma, Maria (mor), Lars og Mette Jensen")
    page.get_by_label("Første besøg alene").fill(first_solo.isoformat())
    page.get_by_label(weekday, exact=True).check()
    page.get_by_label("Tidspunkt for hentning").fill("14:30")
    page.get_by_label("Hentested").fill("Nørre Fælled Skole")
    page.get_by_label("Tidspunkt for aflevering").fill("18:30")
    page.get_by_label("Afleveringssted").fill("Hjemme hos Emma")
    page.get_by_label("Hvordan familierne kontakter hinanden").fill("SMS mellem Mette og Maria")
    page.get_by_label("Mad og allergier").fill("Nøddeallergi")
    page.get_by_role("button", name="Gem og start året").click()
    said(page, "Venskabsmødet er registreret")
    friendship.refresh_from_db()
    assert friendship.status == FriendshipStatus.RUNNING
    anniversary = friendship.anniversary_on
    expect(page.get_by_text("Årsdag: ").first).to_be_visible()
    page.get_by_role("link", name="Alle årets besøg").click()
    # The page loads after the click: expect retries until every row is there.
    assert friendship.visits.count() >= 52
    expect(page.locator("table.htos-visits tbody tr")).to_have_count(friendship.visits.count())

    # The parent cancels the next visit; the volunteer family is told by SMS.
    upcoming = list(
        friendship.visits.filter(date__gt=today, status=VisitStatus.PLANNED).order_by("date")[:2]
    )
    browser_session(page, parent)
    go(page, f"/venskaber/mine/{friendship.pk}/")
    page.locator(f"#visit-{upcoming[0].pk}").get_by_role("link", name="Aflys").click()
    page.get_by_label("Sygdom").check()
    page.get_by_label("Et par ord til den anden familie").fill("Emma har feber")
    page.get_by_role("button", name="Aflys besøget").click()
    said(page, "Besøget er aflyst")
    assert Message.objects.filter(to_address="+4551112233", template="visit_cancelled").exists()

    # The volunteer moves the one after to the next day.
    browser_session(page, volunteer)
    go(page, f"/venskaber/mine/{friendship.pk}/")
    page.locator(f"#visit-{upcoming[1].pk}").get_by_role("link", name="Flyt").click()
    page.get_by_label("Ny dag").fill((upcoming[1].date + timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Flyt besøget").click()
    said(page, "Besøget er flyttet")
    assert Message.objects.filter(to_address="+4561112233", template="visit_moved").exists()

    # Two logbook entries from the phone, about the two visits that have passed.
    for text in ("Vi bagte boller.", "Tur i skoven med hunden."):
        go(page, f"/venskaber/mine/{friendship.pk}/")
        page.get_by_role("link", name="Skriv i logbogen").first.click()
        page.get_by_label("Rigtig godt").check()
        page.get_by_label("Glad", exact=True).check()
        page.get_by_label("Aftensmad sammen").check()
        page.get_by_label("Et par ord om besøget").fill(text)
        page.get_by_label("Nej", exact=True).check()
        page.get_by_role("button", name="Gem indlægget").click()
        said(page, "Logbogsindlægget er gemt")
    assert friendship.visits.filter(status=VisitStatus.HELD).count() == 2

    # Staff screen both entries, the second with a follow-up task.
    browser_session(page, staff)
    go(page, "/venskaber/logbog/")
    first, second = LogbookEntry.objects.filter(friendship=friendship).order_by("written_at")
    page.locator(f"#entry-{first.pk}").get_by_role("button", name="Markér som gennemgået").click()
    said(page, "Indlægget er gennemgået")
    entry = page.locator(f"#entry-{second.pk}")
    entry.get_by_text("Tilføj en opfølgningsopgave").click()
    entry.get_by_label("Opfølgningsopgave").fill("Spørg til turen i skoven")
    entry.get_by_label("Frist").fill((today + timedelta(days=3)).isoformat())
    entry.get_by_role("button", name="Markér som gennemgået").click()
    page.get_by_text("Alle indlæg er gennemgået").wait_for()

    # Staff complete the follow-up tasks that are due.
    go(page, "/opgaver/")
    for kind in (FollowUpKind.FRIENDSHIP_BOOKS, FollowUpKind.CALL_AFTER_FIRST_VISIT):
        task = FollowUpTask.objects.get(friendship=friendship, kind=kind)
        item = page.locator(f"#task-{task.pk}")
        # One row per task: its forms open in place.
        item.get_by_role("link", name="Afslut").click()
        item.get_by_label("Resultat").fill("Samtale holdt; det gik godt.")
        item.get_by_role("button", name="Afslut opgave").click()
        said(page, "Opgave afsluttet")
    assert (
        FollowUpTask.objects.filter(friendship=friendship, completed_at__isnull=False).count() >= 3
    )

    # Ten months in: the future agreement, the volunteer family first.
    ten_months = datetime.combine(add_months(first_solo, 10) + timedelta(days=2), time(10), CPH)
    with time_machine.travel(ten_months, tick=True):
        for user, how in ((volunteer, "Hver 14. dag"), (parent, "Hver 14. dag")):
            browser_session(page, user)
            go(page, f"/venskaber/mine/{friendship.pk}/")
            page.get_by_role("link", name="Svar").click()
            page.get_by_label("Ja", exact=True).check()
            page.get_by_label(how).check()
            page.get_by_role("button", name="Send").click()
            said(page, "Tak.")
        browser_session(page, staff)
        go(page, f"/venskaber/{friendship.pk}/fremtidsaftale/")
        page.get_by_label("Hvordan barnet blev hørt").fill("Emma vil gerne blive ved.")
        page.get_by_role("button", name="Gem", exact=True).click()
        said(page, "Barnets stemme er registreret")
        page.get_by_label("Ja", exact=True).check()
        page.get_by_label("Hver 14. dag").check()
        page.get_by_label("Hvad der er aftalt").fill("Hver anden tirsdag efter skole")
        page.get_by_role("button", name="Gem aftalen").click()
        said(page, "Aftalen er registreret")
        for user in (volunteer, parent):
            browser_session(page, user)
            go(page, f"/venskaber/mine/{friendship.pk}/")
            page.get_by_role("link", name="Se og bekræft aftalen").click()
            page.get_by_role("button", name="Jeg bekræfter aftalen").click()
            said(page, "I har bekræftet fremtidsaftalen")
    friendship.future_agreement.refresh_from_db()
    assert friendship.future_agreement.is_confirmed

    # The anniversary: the daily job closes the year and says farewell.
    with time_machine.travel(datetime.combine(anniversary, time(6, 5), CPH), tick=True):
        assert "friendships.anniversaries" in run_due_jobs()
        farewell = [
            (to, mail)
            for to, mail in smtp_server.messages
            if mail["Subject"] == "Tak for Hjem til Os-året"
        ]
        assert sorted(to[0] for to, _mail in farewell) == sorted([volunteer.email, parent.email])
        assert "Hver anden tirsdag efter skole" in farewell[0][1].get_content()
        friendship.refresh_from_db()
        assert friendship.status == FriendshipStatus.COMPLETED
        assert friendship.continues_privately is True

        # The volunteer no longer sees the child, and confirms the deletion.
        browser_session(page, volunteer)
        go(page, "/")
        assert "Emma" not in page.content()
        go(page, f"/venskaber/mine/{friendship.pk}/")
        page.get_by_text("Hjem til Os-året er slut").wait_for()
        assert "Emma" not in page.content() and "Nørre Fælled" not in page.content()
        page.get_by_label("Vi har slettet det").check()
        page.get_by_role("button", name="Bekræft").click()
        said(page, "Tak for bekræftelsen")
    assert friendship.deletion_confirmations.get().confirmed_by == volunteer
