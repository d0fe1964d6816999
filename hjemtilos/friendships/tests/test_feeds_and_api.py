"""The personal calendar feed and the JSON API for visits, the logbook and tasks."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from hjemtilos.core.testing import get_page
from hjemtilos.friendships.models import CalendarFeed, VisitStatus
from hjemtilos.friendships.services.plan import follow_up_plan_apply
from hjemtilos.friendships.tests.conftest import end_early, next_planned, open_visit


def feed_url(client: Client) -> str:
    response = client.post(reverse("friendships:calendar_settings"), {"action": "create"})
    url: str = response.context["feed_url"]
    return url


def test_the_feed_lists_upcoming_visits_without_sensitive_data(login, parent, befriended):
    url = feed_url(login(parent))
    assert url.endswith(".ics")
    # A calendar app: no login.
    response = get_page(Client(), url, queries=3, name="the calendar feed")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    planned = befriended.visits.filter(
        status=VisitStatus.PLANNED, date__gte=timezone.localdate()
    ).count()
    assert len(events) == planned > 0
    first = events[0]
    assert str(first["SUMMARY"]) == "Hjem til Os: Emma"
    assert first.decoded("DTSTART").strftime("%H:%M") == "14:30"
    assert str(first["LOCATION"]) == befriended.pickup_place
    text = response.content.decode()
    for secret in (
        befriended.child.last_name,
        befriended.child.family.street_address,
        befriended.family.street_address,
        "Trives bedst",  # the child's needs
    ):
        assert secret not in text
    assert CalendarFeed.objects.get(user=parent).token_hash not in url  # only the hash is kept


def test_a_new_link_or_revoking_stops_the_old_one(login, volunteer, befriended):
    client = login(volunteer)
    first = feed_url(client)
    second = feed_url(client)
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200
    client.post(reverse("friendships:calendar_settings"), {"action": "revoke"})
    assert Client().get(second).status_code == 404


def test_the_settings_page_shows_when_the_calendar_last_read_the_feed(login, volunteer, befriended):
    client = login(volunteer)
    url = feed_url(client)
    page = reverse("friendships:calendar_settings")
    assert "Senest læst af din kalender" not in client.get(page).text
    Client().get(url)  # the calendar app reads it
    assert "Senest læst af din kalender" in client.get(page).text


def test_the_feed_is_empty_once_the_year_has_ended(login, volunteer, befriended, staff):
    url = feed_url(login(volunteer))
    end_early(befriended, by=staff)
    calendar = Calendar.from_ical(Client().get(url).content)
    assert calendar.walk("VEVENT") == []


def test_the_api_lists_the_familys_upcoming_visits(login, parent, befriended, other_staff):
    response = login(parent).get("/api/friendships/visits")
    assert response.status_code == 200
    rows = response.json()
    assert rows and all(r["friendship_id"] == befriended.pk for r in rows)
    assert rows[0]["child_first_name"] == "Emma" and rows[0]["status"] == "planned"
    assert login(other_staff).get("/api/friendships/visits").json() == []


def test_cancel_and_move_through_the_api(login, volunteer, befriended):
    client = login(volunteer)
    visits = list(
        befriended.visits.filter(
            status=VisitStatus.PLANNED, date__gt=timezone.localdate()
        ).order_by("date")[:2]
    )
    bad = client.post(
        f"/api/friendships/visits/{visits[0].pk}/cancel",
        {"reason": "no-such-reason"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["detail"]
    ok = client.post(
        f"/api/friendships/visits/{visits[0].pk}/cancel",
        {"reason": "illness", "note": "Feber"},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["status"] == "cancelled_volunteer"
    moved = client.post(
        f"/api/friendships/visits/{visits[1].pk}/move",
        {"new_date": (visits[1].date + timedelta(days=1)).isoformat()},
        content_type="application/json",
    )
    assert moved.status_code == 200 and moved.json()["moved_from"] == visits[1].date.isoformat()


def test_staff_must_say_whose_side_in_the_api(login, staff, befriended):
    visit = next_planned(befriended)
    client = login(staff)
    url = f"/api/friendships/visits/{visit.pk}/cancel"
    response = client.post(url, {"reason": "illness"}, content_type="application/json")
    assert response.status_code == 422
    response = client.post(
        url, {"reason": "illness", "side": "child_family"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == "cancelled_child"


def test_logbook_entry_through_the_api(login, volunteer, parent, befriended):
    visit = open_visit(befriended)
    payload = {
        "visit_id": visit.pk,
        "rating": 4,
        "mood": "content",
        "tags": ["outdoors"],
        "overnight_stay": False,
    }
    url = f"/api/friendships/{befriended.pk}/logbook"
    assert login(parent).post(url, payload, content_type="application/json").status_code == 403
    response = login(volunteer).post(url, payload, content_type="application/json")
    assert response.status_code == 201 and response.json()["visit_id"] == visit.pk
    visit.refresh_from_db()
    assert visit.status == VisitStatus.HELD
    again = login(volunteer).post(url, payload, content_type="application/json")
    assert again.status_code == 422


def test_my_tasks_through_the_api(login, staff, volunteer, befriended):
    follow_up_plan_apply(friendship=befriended, by=staff)
    rows = login(staff).get("/api/tasks/mine").json()
    assert rows and {r["friendship_id"] for r in rows} == {befriended.pk}
    assert {r["group"] for r in rows} <= {"urgent", "overdue", "this_week", "later"}
    assert login(volunteer).get("/api/tasks/mine").status_code == 403


def read_all_pages(client: Client, url: str) -> tuple[list[dict[str, object]], int]:
    """Every row of a paged API list, following the ``Link: rel="next"`` headers."""
    rows: list[dict[str, object]] = []
    pages = 0
    next_url: str | None = url
    while next_url is not None:
        response = client.get(next_url)
        assert response.status_code == 200
        rows += response.json()
        pages += 1
        link = response.headers.get("Link")
        next_url = link.split(">")[0].removeprefix("<") if link else None
    return rows, pages


def test_the_api_lists_come_in_pages_linked_to_the_next(login, staff, parent, befriended):
    follow_up_plan_apply(friendship=befriended, by=staff)
    for client, url in (
        (login(parent), "/api/friendships/visits"),
        (login(staff), "/api/tasks/mine"),
    ):
        whole = client.get(url, {"limit": 200}).json()
        assert len(whole) > 5, url
        first = client.get(url, {"limit": 5})
        assert len(first.json()) == 5 and 'rel="next"' in first.headers["Link"]
        rows, pages = read_all_pages(client, f"{url}?limit=5")
        # The pages together are the whole list, in order, with nothing twice.
        assert [r["id"] for r in rows] == [r["id"] for r in whole], url
        assert pages == -(-len(whole) // 5)
        # The last page has no link onwards.
        last = client.get(url, {"limit": 5, "offset": 5 * (pages - 1)})
        assert last.json() and "Link" not in last.headers
        # Beyond the largest page: a clear refusal, not a silent cut.
        too_many = client.get(url, {"limit": 201})
        assert too_many.status_code == 422 and "limit" in str(too_many.json()["errors"])
