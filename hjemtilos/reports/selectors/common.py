"""Small helpers the report selectors share: day boundaries, percentiles and counters."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from typing import Self

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


@dataclass
class Counts:
    """A row of counts (a dataclass of ``int`` fields) that sums up into a total."""

    def add(self, other: Self) -> None:
        for name in (f.name for f in fields(self)):
            setattr(self, name, getattr(self, name) + getattr(other, name))
