"""Staff pages of the year not covered elsewhere: school holidays, the agreement form,
planning the first meeting, marking a visit held."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from hjemtilos.core.testing import get_page
from hjemtilos.friendships.models import SchoolHoliday, Visit, VisitStatus
from hjemtilos.friendships.tests.conftest import next_planned


def test_a_new_school_holiday_marks_the_coming_visits(login, staff, site, befriended):
    visit = next_planned(befriended)
    client = login(staff)
    response = client.post(
        reverse("friendships:school_holidays"),
        {
            "site": site.pk,
            "name": "Efterårsferie",
            "starts_on": visit.date.isoformat(),
            "ends_on": (visit.date + timedelta(days=2)).isoformat(),
        },
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.holiday_name, visit.holiday_kind) == ("Efterårsferie", "school")
    holiday = SchoolHoliday.objects.get()
    client.post(reverse("friendships:school_holiday_delete", args=[holiday.pk]))
    visit.refresh_from_db()
    assert visit.holiday_name == ""


def test_a_school_holiday_ending_before_it_starts_is_refused(login, staff, site):
    today = timezone.localdate()
    response = login(staff).post(
        reverse("friendships:school_holidays"),
        {
            "site": site.pk,
            "name": "Vinterferie",
            "starts_on": today.isoformat(),
            "ends_on": (today - timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 400 and 'value="Vinterferie"' in response.text
    # The refusal is the service's (``school_holiday_add``), shown next to the last day.
    assert "Sidste dag skal være samme dag som eller efter første dag." in response.text
    assert not SchoolHoliday.objects.exists()


def test_other_sites_school_holidays_cannot_be_removed(login, other_staff, site):
    holiday = SchoolHoliday.objects.create(
        site=site,
        name="Vinterferie",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
    )
    response = login(other_staff).post(
        reverse("friendships:school_holiday_delete", args=[holiday.pk])
    )
    assert response.status_code == 404


def test_staff_change_the_agreement_in_the_form(login, staff, befriended):
    valid_from = timezone.localdate() + timedelta(days=7)
    weekday = (befriended.weekday + 1) % 5
    response = login(staff).post(
        reverse("friendships:agreement", args=[befriended.pk]),
        {
            "valid_from": valid_from.isoformat(),
            "change_reason": "Ny fritidsaktivitet",
            "weekday": weekday,
            "pickup_time": "15:00",
            "pickup_kind": "school",
            "pickup_place": "Fritidshjemmet",
            "dropoff_time": "19:00",
            "dropoff_kind": "home",
            "dropoff_place": "Hjemme",
            "contact_arrangement": "SMS",
        },
    )
    assert response.status_code == 302
    befriended.refresh_from_db()
    assert befriended.weekday == weekday and befriended.pickup_place == "Fritidshjemmet"
    later = befriended.visits.filter(date__gte=valid_from + timedelta(days=7), original_date=None)
    assert later.exists() and {v.date.weekday() for v in later} == {weekday}


def test_an_agreement_cannot_change_in_the_past(login, staff, befriended):
    response = login(staff).post(
        reverse("friendships:agreement", args=[befriended.pk]),
        {
            "valid_from": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "change_reason": "For sent",
            "weekday": 1,
            "pickup_time": "15:00",
            "pickup_kind": "school",
            "pickup_place": "Skolen",
            "dropoff_time": "19:00",
            "dropoff_kind": "home",
            "dropoff_place": "Hjemme",
            "contact_arrangement": "SMS",
        },
    )
    assert response.status_code == 400
    assert "En ændring gælder fra i dag eller senere." in response.text


def test_staff_plan_the_first_meeting(login, staff, planned):
    day = timezone.localdate() + timedelta(days=5)
    response = login(staff).post(
        reverse("friendships:first_meeting_plan", args=[planned.pk]),
        {"day": day.isoformat(), "time": "16:30"},
    )
    assert response.status_code == 302
    planned.refresh_from_db()
    assert timezone.localtime(planned.first_meeting_at).date() == day
    url = reverse("friendships:detail", args=[planned.pk])
    page = get_page(login(staff), url, queries=20, name="a planned friendship")
    assert "Venskabsmøde planlagt til" in page.text


def test_staff_mark_a_visit_held_after_a_call(login, staff, befriended):
    visit = befriended.visits.filter(date__lt=timezone.localdate()).order_by("-date").first()
    Visit.objects.filter(pk=visit.pk).update(status=VisitStatus.PLANNED)
    login(staff).post(reverse("friendships:visit_held", args=[visit.pk]))
    visit.refresh_from_db()
    assert visit.status == VisitStatus.HELD and visit.held_marked_by == staff
    future = next_planned(befriended)
    login(staff).post(reverse("friendships:visit_held", args=[future.pk]))
    future.refresh_from_db()
    assert future.status == VisitStatus.PLANNED  # it has not happened yet
