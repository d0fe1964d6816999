"""Calendar arithmetic shared by the apps (months, birthdays and ages)."""

from __future__ import annotations

import calendar
from datetime import date

# A person is an adult from the 18th birthday (Danish majority): the child age bands, the
# adults of a household who accept the code of conduct and are told of changes, and the
# own children of a volunteer family all turn on it, in several apps.
ADULT_AGE = 18


def age_on(date_of_birth: date, day: date) -> int:
    """Whole years between ``date_of_birth`` and ``day`` (a birthday counts on the day)."""
    years = day.year - date_of_birth.year
    if (day.month, day.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


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
