"""Working days (*hverdage*) for the municipality's acknowledgement of a notification.

A municipality must acknowledge a notification within six working days.
Working days are Monday to Friday except Denmark's public holidays and the
usual days off (Christmas Eve, New Year's Eve, Constitution Day, 1 May): the
calendar the visit planning uses (``friendships.services.calendar``), so a
deadline never falls on a day the municipality's offices are closed.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from hjemtilos.friendships.services.calendar import public_holidays

#: The municipality acknowledges receipt of a notification within this many working days.
ACKNOWLEDGEMENT_WORKING_DAYS = 6

#: The hours in which the charity's contact persons and the municipalities' offices answer
#: the phone (Monday to Friday on working days); outside them an acute case goes to the
#: municipality's social duty service through the police (114).
OFFICE_HOURS = (time(8, 0), time(16, 0))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)  # noqa: PLR2004 - Saturday


def working_days_after(day: date, days: int) -> date:
    """The ``days``-th working day after ``day`` (the day itself does not count)."""
    current = day
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def acknowledgement_due(sent_at: datetime) -> date:
    """The last day the municipality may acknowledge a notification delivered at ``sent_at``."""
    return working_days_after(timezone.localdate(sent_at), ACKNOWLEDGEMENT_WORKING_DAYS)


def is_office_hours(now: datetime) -> bool:
    local = timezone.localtime(now)
    start, end = OFFICE_HOURS
    return is_working_day(local.date()) and start <= local.time() < end
