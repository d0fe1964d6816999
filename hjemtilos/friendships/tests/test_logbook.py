"""The logbook from the phone, its alerts (overnight stay, worry), and staff's screening."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from hjemtilos.conftest import build_friendships
from hjemtilos.core.testing import get_page, get_page_before_and_after
from hjemtilos.followups.models import FollowUpKind, FollowUpTask
from hjemtilos.friendships.models import LogbookEntry, VisitStatus
from hjemtilos.friendships.tests.conftest import open_visit
from hjemtilos.messaging.models import Channel, Message
from hjemtilos.safeguarding.models import Concern, ConcernSource

ENTRY = {
    "rating": "5",
    "mood": "happy",
    "tags": ["cooking", "dinner"],
    "text": "Vi bagte pizza, og hun fortalte om sin nye veninde.",
    "overnight_stay": "no",
}


def test_a_quick_entry_marks_the_visit_held(login, volunteer, befriended):
    visit = open_visit(befriended)
    client = login(volunteer)
    url = reverse("friendships:logbook_write", args=[befriended.pk])
    # Two of them are the acute guidance above the form: the contact person, the municipality.
    page = get_page(client, url, queries=7, name="the logbook form")
    assert "Hvordan gik det?" in page.text
    response = client.post(url, {**ENTRY, "visit": visit.pk})
    assert response.status_code == 302
    entry = LogbookEntry.objects.get(visit=visit)
    assert (entry.rating, entry.mood, entry.tags) == (5, "happy", ["cooking", "dinner"])
    assert entry.written_by == volunteer and entry.screened_at is None
    visit.refresh_from_db()
    assert visit.status == VisitStatus.HELD
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM friendships_logbookentry WHERE id = %s", [entry.pk])
        assert "pizza" not in cursor.fetchone()[0]  # encrypted at rest
    assert not FollowUpTask.objects.filter(kind=FollowUpKind.OVERNIGHT_STAY).exists()
    assert not Concern.objects.exists()


def test_a_missing_answer_is_shown_next_to_the_field_and_nothing_is_lost(
    login, volunteer, befriended
):
    visit = open_visit(befriended)
    client = login(volunteer)
    data = {**ENTRY, "visit": visit.pk}
    del data["overnight_stay"]
    response = client.post(reverse("friendships:logbook_write", args=[befriended.pk]), data)
    assert response.status_code == 400
    assert "Vælg et svar på »Overnattede barnet?«" in response.text
    assert "Vi bagte pizza" in response.text
    assert not LogbookEntry.objects.filter(visit=visit).exists()


def test_an_overnight_stay_alerts_the_contact_person(login, volunteer, staff, befriended):
    visit = open_visit(befriended)
    login(volunteer).post(
        reverse("friendships:logbook_write", args=[befriended.pk]),
        {**ENTRY, "visit": visit.pk, "overnight_stay": "yes"},
    )
    task = FollowUpTask.objects.get(kind=FollowUpKind.OVERNIGHT_STAY)
    assert task.is_urgent and task.owner == staff and task.due_on == timezone.localdate()
    assert task.friendship == befriended
    mail = Message.objects.get(channel=Channel.EMAIL, template="overnight_stay")
    assert mail.to_address == staff.email and "overnattede" in mail.body


def test_i_am_worried_opens_a_concern_for_the_contact_person(login, volunteer, staff, befriended):
    visit = open_visit(befriended)
    login(volunteer).post(
        reverse("friendships:logbook_write", args=[befriended.pk]),
        {
            **ENTRY,
            "visit": visit.pk,
            "worried": "on",
            "worry_text": "Hun havde et blåt mærke og ville ikke tale om det.",
        },
    )
    concern = Concern.objects.get()
    assert concern.logbook_entry is not None
    assert concern.source == ConcernSource.LOGBOOK and concern.logbook_entry.visit == visit
    assert concern.observed.startswith("Hun havde et blåt mærke")
    assert concern.contact_person == staff and concern.observed_on == visit.date
    task = FollowUpTask.objects.get(kind=FollowUpKind.CONCERN)
    assert task.is_urgent and task.concern == concern and task.owner == staff
    mail = Message.objects.get(template="concern_raised")
    assert "blåt mærke" not in mail.body  # the e-mail never carries what was observed


def test_screening_queue_is_oldest_first_and_screening_can_add_a_task(login, staff, befriended):
    client = login(staff)
    response = get_page(
        client, reverse("friendships:screening"), queries=8, name="the screening queue"
    )
    entries = response.context["page"].object_list
    assert [e.written_at for e in entries] == sorted(e.written_at for e in entries)
    oldest = entries[0]
    response = client.post(
        reverse("friendships:screen", args=[oldest.pk]),
        {
            "follow_up_title": "Ring om Emmas tristhed",
            "follow_up_due_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 302
    oldest.refresh_from_db()
    assert oldest.screened_by == staff and oldest.follow_up_task.owner == staff
    assert oldest.follow_up_task.kind == FollowUpKind.LOGBOOK_FOLLOW_UP
    again = client.post(reverse("friendships:screen", args=[oldest.pk]))
    assert again.status_code == 400


def test_other_sites_entries_are_not_in_the_queue(login, other_staff, befriended):
    url = reverse("friendships:screening")
    response = get_page(login(other_staff), url, queries=6, name="another site's screening queue")
    assert response.context["page"].paginator.count == 0
    entry = befriended.logbook_entries.first()
    assert (
        login(other_staff).post(reverse("friendships:screen", args=[entry.pk])).status_code == 404
    )


def test_entries_unscreened_for_a_week_are_flagged_on_the_staff_home(login, staff, befriended):
    old = befriended.logbook_entries.filter(
        written_at__lt=timezone.now() - timedelta(days=7)
    ).count()
    assert old > 0
    response = get_page(login(staff), reverse("core:home"), queries=12, name="the staff home")
    assert response.context["year"]["unscreened_overdue"] == old
    assert response.context["year"]["unscreened"] == befriended.logbook_entries.count()


def test_screening_queue_queries_do_not_grow(login, staff, site, caseworker):
    build_friendships(site=site, caseworker=caseworker, count=1, weeks_in=6)

    def more() -> None:
        build_friendships(site=site, caseworker=caseworker, count=11, weeks_in=6)

    url = reverse("friendships:screening")
    _few, response = get_page_before_and_after(
        login(staff), url, queries=8, name="the screening queue", change=more
    )
    assert response.context["page"].paginator.count > 20
