"""Calendar arithmetic for the Hjem til Os year (no dependencies: used by several apps)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier); the 31st becomes the month's last day."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def anniversary_of(started_on: date) -> date:
    """The first anniversary of the first solo visit (29 February → 28 February)."""
    return add_months(started_on, 12)


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def format_notice(hours: int | None) -> tuple[int, str]:
    """Notice as (number, unit): whole days from 48 hours, otherwise hours."""
    if hours is None:
        return (0, "")
    if abs(hours) >= 48:
        return (hours // 24, "days")
    return (hours, "hours")
