"""Keeping ``MonthFigures`` true: a site's months recounted from its visits and logbook entries.

The services that record a visit held or cancelled, a logbook entry written or
screened, call ``month_figures_refresh`` for the days they touched; loaders that
bulk-insert rows (the demo, the national dataset) call ``month_figures_rebuild``.
A refresh recounts whole months from the rows, so it is right however often it
runs (docs/decisions/0056-month-figures.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, DateField, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from hjemtilos.core.dates import add_months
from hjemtilos.friendships.models import (
    LogbookEntry,
    MonthFigures,
    Visit,
    VisitStatus,
)
from hjemtilos.organisations.models import Site

#: Staff screen the logbook weekly (SPEC.md section 3, step 12): "in time" is within 7 days.
SCREENING_DAYS = 7
SCREENED_IN_TIME = Q(screened_at__lte=F("written_at") + timedelta(days=SCREENING_DAYS))

#: What a month of visits holds (their status is recorded for good; planned ones are not kept).
VISIT_COUNTS = {
    "held": Count("id", filter=Q(status=VisitStatus.HELD)),
    "cancelled_by_child_family": Count(
        "id", filter=Q(status=VisitStatus.CANCELLED_BY_CHILD_FAMILY)
    ),
    "cancelled_by_volunteer": Count("id", filter=Q(status=VisitStatus.CANCELLED_BY_VOLUNTEER)),
    # Of the visits held or cancelled (a planned visit moved is not yet either).
    "moved": Count("id", filter=Q(original_date__isnull=False) & ~Q(status=VisitStatus.PLANNED)),
}
#: What a month of logbook entries holds (by the day they were written).
ENTRY_COUNTS = {
    "entries_written": Count("id"),
    "entries_screened_in_time": Count("id", filter=SCREENED_IN_TIME),
    "entries_screened_later": Count("id", filter=Q(screened_at__isnull=False) & ~SCREENED_IN_TIME),
    "entries_unscreened": Count("id", filter=Q(screened_at__isnull=True)),
}


def month_start(day: date) -> date:
    return day.replace(day=1)


def local_midnight(day: date) -> datetime:
    """Midnight at the start of ``day`` in Copenhagen."""
    return timezone.make_aware(datetime.combine(day, time.min))


def decided_visits() -> QuerySet[Visit]:
    """The visits the figures count: held or cancelled (a planned one is still open)."""
    return Visit.objects.exclude(status=VisitStatus.PLANNED)


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _count(visits: QuerySet[Visit], entries: QuerySet[LogbookEntry]) -> list[MonthFigures]:
    """The months' figures of ``visits`` and ``entries`` per site (two queries)."""
    figures: dict[tuple[int, date], MonthFigures] = {}

    def row(site_id: int, month: date | datetime) -> MonthFigures:
        key = (site_id, _as_date(month))
        if key not in figures:
            figures[key] = MonthFigures(site_id=site_id, month=key[1])
        return figures[key]

    for counted in (
        visits.annotate(month=TruncMonth("date"))
        .values("friendship__site_id", "month")
        .annotate(**VISIT_COUNTS)
        .order_by()
    ):
        values: dict[str, Any] = dict(counted)
        found = row(values["friendship__site_id"], values["month"])
        for name in VISIT_COUNTS:
            setattr(found, name, values[name])
    for counted in (
        entries.annotate(month=TruncMonth("written_at", output_field=DateField()))
        .values("friendship__site_id", "month")
        .annotate(**ENTRY_COUNTS)
        .order_by()
    ):
        values = dict(counted)
        found = row(values["friendship__site_id"], values["month"])
        for name in ENTRY_COUNTS:
            setattr(found, name, values[name])
    return list(figures.values())


@transaction.atomic
def month_figures_refresh(*, site_id: int, days: Iterable[date]) -> None:
    """Recount ``site_id``'s months from the month of the first of ``days`` to that of the
    last (both included). Four queries: the site is locked so two refreshes of the same
    site follow each other."""
    days = list(days)
    if not days:
        return
    first, after = month_start(min(days)), add_months(month_start(max(days)), 1)
    Site.objects.select_for_update().filter(pk=site_id).exists()
    rows = _count(
        decided_visits().filter(friendship__site_id=site_id, date__gte=first, date__lt=after),
        LogbookEntry.objects.filter(
            friendship__site_id=site_id,
            written_at__gte=local_midnight(first),
            written_at__lt=local_midnight(after),
        ),
    )
    MonthFigures.objects.filter(site_id=site_id, month__gte=first, month__lt=after).delete()
    MonthFigures.objects.bulk_create(rows)


@transaction.atomic
def month_figures_rebuild() -> int:
    """Recount every site's months (after a bulk load). Returns the number of months kept."""
    rows = _count(decided_visits(), LogbookEntry.objects.all())
    MonthFigures.objects.all().delete()
    MonthFigures.objects.bulk_create(rows, batch_size=5000)
    return len(rows)
