"""The start of the year: the match, the first meeting and agreement, the visit calendar,
the follow-up plan with its due dates, and later changes to the agreement."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hjemtilos.core.scheduler import run_due_jobs
from hjemtilos.followups.models import FollowUpKind, FollowUpTask
from hjemtilos.followups.selectors import group_tasks, open_tasks
from hjemtilos.friendships.models import (
    FriendshipStatus,
    SchoolHoliday,
    Visit,
    VisitAgreement,
    VisitStatus,
)
from hjemtilos.friendships.services import (
    agreement_change,
    first_meeting_record,
    friendship_first_meeting_plan,
)
from hjemtilos.friendships.services.visits import visit_cancel, visit_mark_held, visit_move
from hjemtilos.friendships.tests.conftest import agreement
from hjemtilos.volunteers import jobs as volunteer_jobs
from hjemtilos.volunteers.models import HouseholdMember

CPH = ZoneInfo("Europe/Copenhagen")
THURSDAY = 3


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=CPH)


@pytest.fixture
def matched_on_2_february(referral, volunteer_family, staff, volunteer, parent, site, request):
    """A match made on Monday 2 February 2026; the first meeting planned for Thursday 5th."""
    with time_machine.travel(at(date(2026, 2, 2)), tick=False):
        friendship = request.getfixturevalue("planned")
        friendship_first_meeting_plan(friendship=friendship, by=staff, at=at(date(2026, 2, 5), 16))
    SchoolHoliday.objects.create(
        site=site, name="Vinterferie", starts_on=date(2026, 2, 14), ends_on=date(2026, 2, 22)
    )
    return friendship


def start_year(friendship, staff):
    """The first meeting on Thursday 5 February; the first solo visit Thursday 12 February."""
    with time_machine.travel(at(date(2026, 2, 6)), tick=False):
        return first_meeting_record(
            friendship=friendship,
            by=staff,
            held_on=date(2026, 2, 5),
            attendees="Emma, Maria (mor), Lars og Mette Jensen",
            first_solo_on=date(2026, 2, 12),
            agreement=agreement(weekday=THURSDAY),
            staff_present=staff,
        )


def due(friendship, kind):
    return FollowUpTask.objects.get(friendship=friendship, kind=kind).due_on


def test_the_match_gives_the_first_tasks_before_the_meeting(matched_on_2_february, staff):
    friendship = matched_on_2_february
    assert friendship.status == FriendshipStatus.PLANNED
    tasks = {t.kind: t for t in FollowUpTask.objects.filter(friendship=friendship)}
    assert set(tasks) == {FollowUpKind.FRIENDSHIP_BOOKS, FollowUpKind.FIRST_MEETING}
    assert tasks[FollowUpKind.FRIENDSHIP_BOOKS].due_on == date(2026, 2, 5)  # match + 3 days
    assert tasks[FollowUpKind.FIRST_MEETING].due_on == date(2026, 2, 5)
    assert all(t.owner == staff for t in tasks.values())


def test_moving_the_first_meeting_moves_its_task(matched_on_2_february, staff):
    with time_machine.travel(at(date(2026, 2, 3)), tick=False):
        friendship_first_meeting_plan(
            friendship=matched_on_2_february, by=staff, at=at(date(2026, 2, 9), 16)
        )
    assert due(matched_on_2_february, FollowUpKind.FIRST_MEETING) == date(2026, 2, 9)


def test_the_first_meeting_starts_the_year_with_visits_and_anniversary(
    matched_on_2_february, staff
):
    friendship = start_year(matched_on_2_february, staff)
    assert friendship.status == FriendshipStatus.RUNNING
    assert friendship.started_on == date(2026, 2, 12)
    assert friendship.anniversary_on == date(2027, 2, 12)
    assert friendship.weekday == THURSDAY and friendship.pickup_time == time(14, 30)
    visits = list(friendship.visits.order_by("date"))
    # Every Thursday from the first solo visit up to the anniversary.
    assert visits[0].date == date(2026, 2, 12) and visits[-1].date == date(2027, 2, 11)
    assert len(visits) == 53 and all(v.date.weekday() == THURSDAY for v in visits)
    assert all(v.status == VisitStatus.PLANNED and v.pickup_time == time(14, 30) for v in visits)
    holidays = {v.date: (v.holiday_name, v.holiday_kind) for v in visits if v.holiday_name}
    assert holidays == {
        date(2026, 2, 19): ("Vinterferie", "school"),
        date(2026, 4, 2): ("Skærtorsdag", "public"),
        date(2026, 5, 14): ("Kristi himmelfartsdag", "public"),
        date(2026, 12, 24): ("Juleaftensdag", "public"),
        date(2026, 12, 31): ("Nytårsaften", "public"),
    }
    assert all(v.needs_holiday_decision for v in visits if v.holiday_name)
    version = VisitAgreement.objects.get(friendship=friendship)
    assert version.version == 1 and version.food_and_allergies == "Nøddeallergi"


def test_the_follow_up_plan_has_the_right_due_dates(matched_on_2_february, staff):
    friendship = start_year(matched_on_2_february, staff)
    expected = {
        FollowUpKind.FRIENDSHIP_BOOKS: date(2026, 2, 5),
        FollowUpKind.FIRST_MEETING: date(2026, 2, 5),
        FollowUpKind.CALL_AFTER_FIRST_VISIT: date(2026, 2, 13),  # the day after
        FollowUpKind.CALL_3_MONTHS: date(2026, 5, 12),
        FollowUpKind.CHILD_VISIT: date(2026, 6, 12),  # 4 months
        FollowUpKind.CALL_6_MONTHS: date(2026, 8, 12),
        FollowUpKind.CALL_9_MONTHS: date(2026, 11, 12),
        FollowUpKind.FUTURE_TALK_FAMILY: date(2026, 12, 12),  # 10 months
        FollowUpKind.FUTURE_TALK_PARENT: date(2026, 12, 26),  # 10–11 months
        FollowUpKind.FUTURE_AGREEMENT: date(2027, 1, 12),  # 11 months
        FollowUpKind.FAREWELL: date(2027, 2, 12),  # the anniversary
    }
    tasks = FollowUpTask.objects.filter(friendship=friendship)
    assert {t.kind: t.due_on for t in tasks} == expected
    assert all(t.owner == staff for t in tasks)
    first_meeting = tasks.get(kind=FollowUpKind.FIRST_MEETING)
    assert first_meeting.completed_at is not None  # done by recording it


def test_my_tasks_follow_the_clock(matched_on_2_february, staff):
    friendship = start_year(matched_on_2_february, staff)
    with time_machine.travel(at(date(2026, 5, 11)), tick=False):  # a Monday
        groups = group_tasks(open_tasks(user=staff))
    kinds = {name: {t.kind for t in tasks} for name, tasks in groups.items()}
    assert FollowUpKind.CALL_3_MONTHS in kinds["this_week"]
    assert {FollowUpKind.FRIENDSHIP_BOOKS, FollowUpKind.CALL_AFTER_FIRST_VISIT} <= kinds["overdue"]
    assert FollowUpKind.CHILD_VISIT in kinds["later"]
    with time_machine.travel(at(date(2026, 12, 21)), tick=False):  # a Monday
        groups = group_tasks(open_tasks(user=staff))
    assert FollowUpKind.FUTURE_TALK_FAMILY in {t.kind for t in groups["overdue"]}
    assert FollowUpKind.FUTURE_TALK_PARENT in {t.kind for t in groups["this_week"]}
    assert friendship.pk == groups["overdue"][0].friendship_id


def test_the_first_solo_visit_must_be_on_the_agreed_weekday(matched_on_2_february, staff):
    with (
        time_machine.travel(at(date(2026, 2, 6)), tick=False),
        pytest.raises(ValidationError) as error,
    ):
        first_meeting_record(
            friendship=matched_on_2_february,
            by=staff,
            held_on=date(2026, 2, 5),
            attendees="Emma og familien",
            first_solo_on=date(2026, 2, 11),  # a Wednesday
            agreement=agreement(weekday=THURSDAY),
        )
    assert "first_solo_on" in error.value.message_dict
    matched_on_2_february.refresh_from_db()
    assert matched_on_2_february.status == FriendshipStatus.PLANNED
    assert not matched_on_2_february.visits.exists()


def test_a_changed_agreement_replans_the_coming_visits_and_keeps_history(
    matched_on_2_february, staff
):
    friendship = start_year(matched_on_2_february, staff)
    with time_machine.travel(at(date(2026, 2, 27)), tick=False):
        visit_mark_held(visit=friendship.visits.get(date=date(2026, 2, 26)), by=staff)
    with time_machine.travel(at(date(2026, 3, 2)), tick=False):
        visit_cancel(
            visit=friendship.visits.get(date=date(2026, 3, 12)),
            by=staff,
            side="child_family",
            reason="illness",
        )
        visit_move(
            visit=friendship.visits.get(date=date(2026, 3, 19)),
            by=staff,
            side="volunteer_family",
            new_date=date(2026, 3, 20),
        )
        agreement_change(
            friendship=friendship,
            by=staff,
            valid_from=date(2026, 3, 9),
            data=agreement(weekday=2, pickup_time=time(15, 0)),  # Wednesdays at 15
            reason="Emma har fået fritidsjob om torsdagen",
        )
    friendship.refresh_from_db()
    assert friendship.weekday == 2 and friendship.pickup_time == time(15, 0)
    assert list(friendship.agreements.values_list("version", flat=True)) == [2, 1]
    dates = {v.date: v for v in Visit.objects.filter(friendship=friendship)}
    # History is kept: held, cancelled and moved visits stay where they were.
    assert dates[date(2026, 2, 26)].status == VisitStatus.HELD
    assert dates[date(2026, 3, 12)].status == VisitStatus.CANCELLED_BY_CHILD_FAMILY
    assert dates[date(2026, 3, 20)].original_date == date(2026, 3, 19)
    # From 9 March on: Wednesdays, except the weeks that already have a visit.
    assert date(2026, 3, 5) in dates  # before the change
    assert date(2026, 3, 11) not in dates and date(2026, 3, 18) not in dates
    assert dates[date(2026, 3, 25)].pickup_time == time(15, 0)
    later = [d for d in dates if d >= date(2026, 3, 9)]
    weekdays = {d.weekday() for d in later if dates[d].original_date is None}
    assert weekdays == {2, 3} and all(d.weekday() == 2 for d in later if d > date(2026, 3, 20))


def test_staff_record_the_first_meeting_in_the_browserless_form(
    login, staff, matched_on_2_february
):
    client = login(staff)
    url = reverse("friendships:first_meeting", args=[matched_on_2_february.pk])
    data = {
        "held_on": "2026-02-05",
        "attendees": "Emma, Maria og familien Jensen",
        "staff_present": staff.pk,
        "first_solo_on": "2026-02-11",  # a Wednesday, but Thursday is agreed
        **{k: v for k, v in agreement(weekday=THURSDAY).items() if k != "pickup_time"},
        "pickup_time": "14:30",
        "dropoff_time": "18:30",
    }
    with time_machine.travel(at(date(2026, 2, 6)), tick=False):
        response = client.post(url, data)
        assert response.status_code == 400
        assert "Torsdag" in response.text  # the error names the agreed weekday
        assert 'value="Emma, Maria og familien Jensen"' in response.text  # nothing lost
        response = client.post(url, {**data, "first_solo_on": "2026-02-12"})
    assert response.status_code == 302
    matched_on_2_february.refresh_from_db()
    assert matched_on_2_february.status == FriendshipStatus.RUNNING
    assert matched_on_2_february.first_meeting.attendees == "Emma, Maria og familien Jensen"


def test_a_child_of_the_volunteer_family_turning_15_during_the_year_needs_certificates(
    befriended, staff
):
    """The daily job gives the friendship's contact person a certificate task on the
    birthday, once even if the scheduler and a worker both run it, and the family stops
    counting as fully vetted until the certificates are in."""
    family = befriended.family
    assert family.vetting_complete
    today = timezone.localdate()
    birthday = today + timedelta(days=20)
    if (birthday.month, birthday.day) == (2, 29):  # fifteen years before has no 29 February
        birthday += timedelta(days=1)
    HouseholdMember.objects.create(
        family=family,
        first_name="Sigurd",
        last_name="Jensen",
        date_of_birth=birthday.replace(year=birthday.year - 15),
    )
    with time_machine.travel(datetime.combine(birthday - timedelta(days=1), time(9), CPH)):
        run_due_jobs()
        assert not FollowUpTask.objects.filter(kind=FollowUpKind.CERTIFICATES).exists()
    with time_machine.travel(datetime.combine(birthday, time(9), CPH)):
        assert "volunteers.vetting_birthdays" in run_due_jobs()
        volunteer_jobs.vetting_birthdays.call()  # a second run of the same day
        (task,) = FollowUpTask.objects.filter(kind=FollowUpKind.CERTIFICATES)
        assert task.owner == staff and task.volunteer_family == family
        assert "Sigurd" in task.title
        groups = group_tasks(open_tasks(user=staff))
        assert task in groups["this_week"] + groups["later"]
    family.refresh_from_db()
    assert not family.vetting_complete
