"""Calendar arithmetic for the Hjem til Os year."""

from __future__ import annotations

from datetime import date, timedelta

from hjemtilos.core.dates import add_months

__all__ = ["add_months", "anniversary_of", "format_notice", "week_start"]

# Notice of this many hours or more is told in whole days.
NOTICE_IN_DAYS_FROM_HOURS = 48


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
    if abs(hours) >= NOTICE_IN_DAYS_FROM_HOURS:
        return (hours // 24, "days")
    return (hours, "hours")
