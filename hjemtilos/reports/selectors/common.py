"""Small helpers the report selectors share: day boundaries and percentiles."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from django.utils import timezone


def day_start(day: date) -> datetime:
    """Midnight at the start of ``day``, Copenhagen time."""
    return timezone.make_aware(datetime.combine(day, time.min))


def after_day(day: date) -> datetime:
    """Midnight at the end of ``day``: "on or before ``day``" is "before this"."""
    return day_start(day + timedelta(days=1))


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0–100) of sorted ``values``, interpolated between the two
    nearest (as PostgreSQL's ``percentile_cont``); None for no values."""
    if not values:
        return None
    position = (len(values) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return values[low] + (values[high] - values[low]) * (position - low)
