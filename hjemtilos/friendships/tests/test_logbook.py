"""The logbook from the phone, its alerts (overnight stay, worry), and staff's screening."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hjemtilos.demo.builders import build_friendship, build_referral, build_volunteer_family
from hjemtilos.followups.models import FollowUpKind, FollowUpTask
from hjemtilos.friendships.models import Friendship, LogbookEntry, Visit, VisitStatus
from hjemtilos.messaging.models import Channel, Message
from hjemtilos.safeguarding.models import Concern, ConcernSource


def open_visit(friendship: Friendship) -> Visit:
    """The latest visit that has passed, made unlogged and still planned."""
    visit = (
        friendship.visits.filter(date__lt=timezone.localdate(), status=VisitStatus.HELD)
        .order_by("-date")
        .first()
    )
    assert visit is not None
    LogbookEntry.objects.filter(visit=visit).delete()
    Visit.objects.filter(pk=visit.pk).update(status=VisitStatus.PLANNED)
    visit.refresh_from_db()
    return visit


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
    page = client.get(url)
    assert page.status_code == 200 and "Hvordan gik det?" in page.text
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
    assert "Dette felt er påkrævet" in response.text or "skal udfyldes" in response.text
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
    response = client.get(reverse("friendships:screening"))
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
    response = login(other_staff).get(reverse("friendships:screening"))
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
    response = login(staff).get(reverse("core:home"))
    assert response.context["year"]["unscreened_overdue"] == old
    assert response.context["year"]["unscreened"] == befriended.logbook_entries.count()


def test_screening_queue_queries_do_not_grow(login, staff, site, caseworker):
    client = login(staff)

    def add(i: int) -> None:
        build_friendship(
            referral=build_referral(site=site, caseworker=caseworker, first_name=f"B{i}"),
            family=build_volunteer_family(site=site, name=f"F{i}"),
            started_on=timezone.localdate() - timedelta(weeks=6),
        )

    add(0)
    client.get(reverse("friendships:screening"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("friendships:screening"))
    for i in range(1, 12):
        add(i)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("friendships:screening"))
    assert response.context["page"].paginator.count > 20
    assert len(many) == len(few)
