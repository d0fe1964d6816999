"""The operations report: early endings, visit stability, logbook screening, tasks, supervision."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from hjemtilos.followups.models import FollowUpTask
from hjemtilos.followups.services import follow_up_task_complete
from hjemtilos.followups.services.supervision import supervision_attendance_record
from hjemtilos.friendships.models import (
    EndReason,
    Friendship,
    LogbookEntry,
    MonthFigures,
    Visit,
    VisitStatus,
)
from hjemtilos.friendships.services.logbook import logbook_entry_create, logbook_entry_screen
from hjemtilos.friendships.services.month_figures import month_figures_rebuild
from hjemtilos.friendships.services.supervision import supervision_session_create
from hjemtilos.friendships.services.visits import visit_cancel, visit_mark_held, visit_move
from hjemtilos.reports.tests.conftest import at, build_cohort, end_early, on

URL = "/rapporter/drift/"
# February and March 2024: the three friendships' first weeks.
PERIOD = {"start": "2024-02-01", "end": "2024-03-31"}


def _visit(friendship: Friendship, day: date) -> Visit:
    return friendship.visits.get(date=day)


def _write(friendship: Friendship, visit: Visit, by) -> LogbookEntry:
    with on(visit.date, 20):
        return logbook_entry_create(
            friendship=friendship,
            by=by,
            visit=visit,
            rating=4,
            mood="happy",
            tags=["outdoors"],
            overnight_stay=False,
        )


def _screen(entry: LogbookEntry, by, day: date) -> None:
    with on(day):
        logbook_entry_screen(entry=entry, by=by)


@pytest.fixture
def operations_year(site, staff, caseworker):
    """Three friendships visiting on Mondays from 12 February 2024, with a few weeks' events."""
    cohort = build_cohort(
        site=site, staff=staff, caseworker=caseworker, size=3, matched=date(2024, 1, 29)
    )
    first, second, third = cohort.friendships
    monday = cohort.started_on
    assert monday == date(2024, 2, 12)
    # The first friendship: two entries (screened in 2 and in 14 days), a cancelled visit,
    # a visit moved from Monday to Wednesday and written about, never screened.
    _screen(_write(first, _visit(first, monday), staff), staff, monday + timedelta(days=2))
    week2 = _visit(first, monday + timedelta(weeks=1))
    _screen(_write(first, week2, staff), staff, week2.date + timedelta(days=14))
    with on(monday + timedelta(weeks=2) - timedelta(days=1)):
        visit_cancel(
            visit=_visit(first, monday + timedelta(weeks=2)),
            by=staff,
            side="child_family",
            reason="illness",
        )
    week4 = monday + timedelta(weeks=3)
    with on(week4 - timedelta(days=3)):
        moved = visit_move(
            visit=_visit(first, week4),
            by=staff,
            side="volunteer_family",
            new_date=week4 + timedelta(days=2),
        )
    _write(first, moved, staff)
    # The third: its first visit marked held by staff.
    with on(monday, 20):
        visit_mark_held(visit=_visit(third, monday), by=staff)
    # Group supervision on 5 March: three families invited, two took part.
    with on(date(2024, 2, 20)):
        session = supervision_session_create(
            site=site,
            starts_at=at(date(2024, 3, 5), 19),
            meeting_url="https://meet.example.org/x",
            by=staff,
        )
    with on(date(2024, 3, 6)):
        supervision_attendance_record(
            session=session, attended_family_ids={first.family_id, third.family_id}, by=staff
        )
    # The second ends early on 11 March: the families moved.
    end_early(second, staff, day=date(2024, 3, 11), reason=EndReason.MOVED)
    return cohort


def _table(response, key):
    table = next(t for t in response.context["report"].tables if t.table.key == key)
    return {row.key: [cell.display for cell in row.cells] for row in table.rows}


def test_the_operations_figures_for_a_period(login, staff, operations_year):
    response = login(staff).get(URL, PERIOD, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200

    reasons = _table(response, "endings_reason")
    assert reasons["moved"] == ["1", "1 of 1 (100 %)"]
    assert reasons["mismatch"] == ["0", "0 of 1 (0 %)"]
    assert reasons["total"] == ["1", "–"]
    assert _table(response, "endings_by")["volunteer_family"] == ["1", "1 of 1 (100 %)"]
    assert _table(response, "endings_month")["3"] == ["1", "1 of 1 (100 %)"]

    # Held: three written about (one of them moved to Wednesday), one marked by staff;
    # one cancelled by the child's family.
    visits = _table(response, "visits")
    assert visits["held"] == ["4", "4 of 5 (80 %)"]
    assert visits["cancelled"] == ["1", "1 of 5 (20 %)"]
    assert visits["cancelled_child"] == ["1", "1 of 5 (20 %)"]
    assert visits["cancelled_volunteer"] == ["0", "0 of 5 (0 %)"]
    assert visits["moved"] == ["1", "1 of 5 (20 %)"]
    held_planned = Visit.objects.filter(
        friendship__in=operations_year.friendships,
        date__range=(date(2024, 2, 1), date(2024, 3, 31)),
        status=VisitStatus.PLANNED,
    ).count()
    assert visits["unrecorded"] == [str(held_planned), "–"]
    per_month = _table(response, "visits_month")
    assert per_month["2024-02"] == ["3", "1", "0", "0", "3 of 4 (75 %)"]
    assert per_month["2024-03"][:4] == ["1", "0", "0", "1"]  # the visit moved to Wednesday

    # Three entries: one screened in 2 days, one in 14, one never (long overdue by now).
    logbook = _table(response, "logbook")
    assert logbook["total"] == ["3", "1 of 3 (33 %)", "1", "1", "1"]
    assert logbook["2024-02"] == ["2", "1 of 2 (50 %)", "1", "0", "0"]

    supervision = _table(response, "supervision")
    assert supervision["2024-03"] == ["1", "3", "2 of 3 (67 %)", "1", "0"]

    # The chart beside each table draws the same figures, in patterns not colours only.
    html = response.content.decode()
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="htos-chart"') == 7
    assert "<pattern " in html and "Held: 4" in html


# The first half year: the follow-up plan's first calls and visits.
HALF_YEAR = (date(2024, 2, 1), date(2024, 6, 30))


def test_tasks_done_on_time_late_or_still_open(login, staff, operations_year):
    first = operations_year.friendships[0]
    due = list(
        FollowUpTask.objects.filter(
            friendship=first,
            cancelled_at__isnull=True,
            completed_at__isnull=True,
            due_on__range=HALF_YEAR,
        ).order_by("due_on", "pk")
    )
    assert len(due) >= 2, "the follow-up plan gives the first weeks at least two open tasks"
    on_time, late = due[0], due[1]
    with on(on_time.due_on):
        follow_up_task_complete(task=on_time, by=staff, outcome="Talt med familien.")
    with on(late.due_on + timedelta(days=5)):
        follow_up_task_complete(task=late, by=staff, outcome="Talt med familien.")
    period = {"start": HALF_YEAR[0].isoformat(), "end": HALF_YEAR[1].isoformat()}
    response = login(staff).get(URL, period, HTTP_ACCEPT_LANGUAGE="en")
    tasks = _table(response, "tasks")
    everything = FollowUpTask.objects.filter(
        site=first.site,
        cancelled_at__isnull=True,
        due_on__range=HALF_YEAR,
    ).exclude(kind__in=("concern", "inquiry"))
    total = everything.count()
    done_on_time = sum(
        1
        for task in everything
        if task.completed_at is not None and task.completed_at.date() <= task.due_on
    )
    still_open = everything.filter(completed_at__isnull=True).count()
    assert tasks["total"][0] == str(total)
    assert tasks["total"][1].startswith(f"{done_on_time} of {total} (")
    assert tasks["total"][3] == str(still_open)
    assert int(tasks["total"][2]) >= 1  # the one done five days late
    assert tasks[on_time.kind][0] != "0"


def test_the_month_figures_kept_by_the_services_equal_a_recount(operations_year):
    """The visits held, cancelled and moved and the entries written and screened, kept per
    month as the services recorded them, are what counting the rows again gives."""

    def kept() -> dict[tuple[int, date], tuple[int, ...]]:
        return {
            (row.site_id, row.month): (
                row.held,
                row.cancelled_by_child_family,
                row.cancelled_by_volunteer,
                row.moved,
                row.entries_written,
                row.entries_screened_in_time,
                row.entries_screened_later,
            )
            for row in MonthFigures.objects.all()
        }

    by_the_services = kept()
    assert by_the_services[operations_year.friendships[0].site_id, date(2024, 2, 1)] == (
        3,
        1,
        0,
        0,
        2,
        1,
        1,
    )
    month_figures_rebuild()
    assert kept() == by_the_services


def test_the_same_figures_however_the_period_falls_on_the_months(login, staff, operations_year):
    """Whole months come from the month figures, the other days from the rows: a period
    starting mid-month, ending mid-month or running into this month counts the same."""
    client = login(staff)

    def figures(period: dict[str, str]) -> tuple[list[list[str]], list[str]]:
        response = client.get(URL, period, HTTP_ACCEPT_LANGUAGE="en")
        for key in ("visits_month", "logbook"):  # a month once, however it was counted
            table = next(t for t in response.context["report"].tables if t.table.key == key)
            months = [row.key for row in table.rows]
            assert len(months) == len(set(months)), months
        visits = _table(response, "visits")
        keys = ("held", "cancelled_child", "cancelled_volunteer", "moved")
        return [visits[key] for key in keys], _table(response, "logbook")["total"][:3]

    whole = figures(PERIOD)
    assert whole[1] == ["3", "1 of 3 (33 %)", "1"]
    assert figures({"start": "2024-02-10", "end": "2024-03-31"}) == whole
    assert figures({"start": "2024-01-20", "end": "2024-04-03"}) == whole
    with on(date(2024, 3, 31)):  # March is this month: counted from the rows
        assert figures(PERIOD) == whole
