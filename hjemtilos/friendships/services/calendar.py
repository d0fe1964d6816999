"""The visit calendar: the year's weekly visits from the agreement, with holidays marked.

Public holidays come from the ``holidays`` library (Denmark, public and
optional days such as Christmas Eve and Constitution Day); school holidays
from the site's own ``SchoolHoliday`` periods, because the library has no
Danish school holidays (docs/decisions/0030-holidays.md). A visit on a
holiday is created with the holiday's name so the families decide; it is
never left out.
"""

from __future__ import annotations

import functools
import itertools
from datetime import date, timedelta

import holidays
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import User
from hjemtilos.friendships.dates import week_start
from hjemtilos.friendships.models import (
    Friendship,
    HolidayKind,
    SchoolHoliday,
    Visit,
    VisitAgreement,
    VisitStatus,
)
from hjemtilos.organisations.models import Site


@functools.lru_cache(maxsize=64)
def public_holidays(year: int) -> dict[date, str]:
    """Denmark's public holidays and the usual days off (Danish names) in ``year``."""
    days = holidays.country_holidays(
        "DK", years=year, categories=(holidays.PUBLIC, holidays.OPTIONAL), language="da"
    )
    return dict(days.items())


class HolidayCalendar:
    """Looks up whether a day is a public or school holiday at one site."""

    def __init__(self, site_id: int, start: date, end: date) -> None:
        self.periods = list(
            SchoolHoliday.objects.filter(
                site_id=site_id, ends_on__gte=start, starts_on__lte=end
            ).values_list("starts_on", "ends_on", "name")
        )

    def holiday(self, day: date) -> tuple[str, str] | None:
        """(name, kind) of the holiday on ``day``; a public holiday wins over a school one."""
        name = public_holidays(day.year).get(day)
        if name:
            return name, HolidayKind.PUBLIC
        for starts_on, ends_on, period in self.periods:
            if starts_on <= day <= ends_on:
                return period, HolidayKind.SCHOOL
        return None


def weekly_dates(first: date, weekday: int, before: date) -> list[date]:
    """Every ``weekday`` from ``first`` (inclusive) until ``before`` (exclusive)."""
    day = first + timedelta(days=(weekday - first.weekday()) % 7)
    dates = []
    while day < before:
        dates.append(day)
        day += timedelta(weeks=1)
    return dates


def flag_holiday(visit: Visit, calendar: HolidayCalendar) -> None:
    """Set or clear the visit's holiday mark for its date (a kept decision is reset)."""
    found = calendar.holiday(visit.date)
    visit.holiday_name, visit.holiday_kind = found if found else ("", "")
    visit.holiday_kept_at = None
    visit.holiday_kept_by = None


@transaction.atomic
def visits_generate(
    *, friendship: Friendship, agreement: VisitAgreement, from_date: date
) -> list[Visit]:
    """(Re)build the planned visits from ``from_date`` to the anniversary.

    Planned visits nobody has touched are replaced; held, cancelled and
    moved visits stay as history, and a week that already has one of them
    gets no second visit.
    """
    if friendship.started_on is None or friendship.anniversary_on is None:
        return []
    start = max(from_date, friendship.started_on)
    friendship.visits.filter(
        date__gte=start, status=VisitStatus.PLANNED, original_date__isnull=True
    ).delete()
    taken = {week_start(day) for day in friendship.visits.values_list("date", flat=True)}
    calendar = HolidayCalendar(friendship.site_id, start, friendship.anniversary_on)
    visits = []
    for day in weekly_dates(start, agreement.weekday, friendship.anniversary_on):
        if week_start(day) in taken:
            continue
        visit = Visit(
            friendship=friendship,
            date=day,
            agreement=agreement,
            pickup_time=agreement.pickup_time,
            dropoff_time=agreement.dropoff_time,
        )
        flag_holiday(visit, calendar)
        visits.append(visit)
    return Visit.objects.bulk_create(visits)


@transaction.atomic
def school_holiday_add(
    *, site: Site, name: str, starts_on: date, ends_on: date, by: User | None
) -> tuple[SchoolHoliday, int]:
    """Add a school holiday at ``site``; the coming visits in it are marked for the families.

    Returns the holiday and how many visits were marked.
    """
    if ends_on < starts_on:
        raise ValidationError(
            {"ends_on": _("The last day comes on or after the first day.")}, code="order"
        )
    holiday = SchoolHoliday(
        site=site, name=name.strip(), starts_on=starts_on, ends_on=ends_on, created_by=by
    )
    holiday.full_clean()
    holiday.save()
    return holiday, holiday_flags_refresh(site_id=site.pk)


@transaction.atomic
def school_holiday_delete(*, holiday: SchoolHoliday) -> int:
    """Remove a school holiday; the coming visits in it lose their mark. Returns how many."""
    site_id = holiday.site_id
    holiday.delete()
    return holiday_flags_refresh(site_id=site_id)


def holiday_flags_refresh(*, site_id: int) -> int:
    """Re-mark the site's future planned visits after staff changed its school holidays."""
    today = timezone.localdate()
    visits = list(
        Visit.objects.filter(
            friendship__site_id=site_id, status=VisitStatus.PLANNED, date__gte=today
        ).only("id", "date", "holiday_name", "holiday_kind", "holiday_kept_at")
    )
    if not visits:
        return 0
    calendar = HolidayCalendar(site_id, today, max(v.date for v in visits))
    changed: list[Visit] = []
    for visit in visits:
        found = calendar.holiday(visit.date) or ("", "")
        if (visit.holiday_name, visit.holiday_kind) != found:
            visit.holiday_name, visit.holiday_kind = found
            visit.holiday_kept_at = None
            changed.append(visit)
    Visit.objects.bulk_update(changed, ["holiday_name", "holiday_kind", "holiday_kept_at"])
    return len(changed)


def longest_gap(started_on: date | None, held: list[date], today: date) -> int:
    """The longest stretch in days without a held visit, up to today."""
    points = sorted(held)
    if started_on and (not points or points[0] > started_on):
        points.insert(0, started_on)
    if not points:
        return 0
    gaps = [(b - a).days for a, b in itertools.pairwise(points)]
    gaps.append(max(0, (today - points[-1]).days))
    return max(gaps)
