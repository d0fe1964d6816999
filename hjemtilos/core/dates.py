"""Calendar arithmetic shared by the apps (months and birthdays)."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier); the 31st becomes the month's last day."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier (29 February → 28 February): a birthday's bound."""
    return add_months(day, -12 * years)
