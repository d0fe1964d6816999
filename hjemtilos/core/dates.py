"""Calendar arithmetic shared by the apps (months, birthdays and ages)."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from datetime import timezone as dt_timezone

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

# The oldest plausible person: a date of birth before this many years ago is a typo.
OLDEST_AGE = 120
# The bounds of any other date typed into a form (a visit, a meeting, a deadline).
DATE_YEARS_BACK = 30
DATE_YEARS_AHEAD = 10

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


def validate_date_between(value: date, earliest: date, latest: date) -> None:
    """Refuse ``value`` outside ``earliest``..``latest`` with a message naming the range."""
    if not earliest <= value <= latest:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s.")
            % {"earliest": formats.date_format(earliest), "latest": formats.date_format(latest)},
            code="date_out_of_range",
        )


def validate_birth_date(value: date) -> None:
    """A date of birth that can be true: not in the future, not more than 120 years ago."""
    today = timezone.localdate()
    if value > today:
        raise ValidationError(_("The date of birth cannot be in the future."), code="future")
    if value < years_before(today, OLDEST_AGE):
        raise ValidationError(
            _("Check the year: a date of birth more than %(years)s years ago is not plausible.")
            % {"years": OLDEST_AGE},
            code="implausible",
        )


def time_with_offset(day: date, at: time | None) -> time | None:
    """``at`` on ``day`` in the local time zone, carrying that day's UTC offset.

    A visit's "14:30" is Copenhagen time; in the API it reads ``14:30:00+01:00``
    in winter and ``14:30:00+02:00`` in summer, so no client has to guess.
    """
    if at is None:
        return None
    moment = timezone.make_aware(datetime.combine(day, at.replace(tzinfo=None)))
    # A fixed offset: a time of day alone cannot look up a zone's summer time.
    return moment.time().replace(tzinfo=dt_timezone(moment.utcoffset() or timedelta(0)))
