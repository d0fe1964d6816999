"""The operations report: how the programme's own work went in a period.

Early endings (by reason, by who ended them, by month of the year), the
stability of the visits (held, cancelled by each side, moved), logbook
screening within 7 days, follow-up tasks done by their due date and group
supervision attendance. Six queries whatever the amount of data.

The visits and the logbook are counted from each site's month figures
(``friendships.MonthFigures``, kept exact by the services that record a visit or
an entry) for every month the period touches, less the days of its first and last
month outside the period (with a period ending today: only visits cancelled ahead
of time), counted from the rows; and what depends on today is counted from the
rows too (visits not recorded yet, entries waiting less than 7 days to be screened),
under partial indexes. Over every site and two years that is a few thousand month
rows instead of a million visits and entries (docs/decisions/0056-month-figures.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, DateField, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth, TruncDate, TruncMonth
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hjemtilos.core.dates import add_months
from hjemtilos.followups.models import FollowUpKind, FollowUpTask, SupervisionInvitation
from hjemtilos.friendships.models import (
    EndedBy,
    EndReason,
    Friendship,
    FriendshipStatus,
    LogbookEntry,
    MonthFigures,
    Visit,
    VisitStatus,
)
from hjemtilos.friendships.services.month_figures import (
    ENTRY_COUNTS,
    SCREENED_IN_TIME,
    SCREENING_DAYS,
    VISIT_COUNTS,
    month_start,
)
from hjemtilos.reports.registry import ReportFilters
from hjemtilos.reports.selectors.common import Counts, after_day, day_start
from hjemtilos.reports.tables import (
    Chart,
    Column,
    Kind,
    Label,
    Rate,
    Report,
    Row,
    Table,
    share_column,
    total_row,
)

# Safeguarding's tasks are counted in its own report, not here.
SAFEGUARDING_KINDS = (FollowUpKind.CONCERN, FollowUpKind.INQUIRY)


def _month(day: date) -> str:
    return date_format(day, "F Y")


def _by_month(
    queryset: QuerySet[Any], field: str, **counts: Count
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """``counts`` per month of ``field`` (one query), and their totals over the months."""
    rows = [
        dict(row)
        for row in queryset.annotate(month=TruncMonth(field))
        .values("month")
        .annotate(**counts)
        .order_by("month")
    ]
    return rows, {key: sum(row[key] for row in rows) for key in counts}


# Early endings --------------------------------------------------------------------------


def _endings(filters: ReportFilters) -> list[Table]:
    by_reason: dict[str, int] = defaultdict(int)
    by_whom: dict[str, int] = defaultdict(int)
    by_month: dict[int, int] = defaultdict(int)
    for row in (
        Friendship.objects.filter(
            site_id__in=filters.site_ids,
            status=FriendshipStatus.ENDED_EARLY,
            ended_on__gte=filters.start,
            ended_on__lte=filters.end,
        )
        .values("end_reason_category", "ended_by", month=ExtractMonth("ended_on"))
        .annotate(n=Count("id"))
        .order_by()
    ):
        by_reason[row["end_reason_category"]] += row["n"]
        by_whom[row["ended_by"]] += row["n"]
        by_month[row["month"]] += row["n"]
    total = sum(by_reason.values())
    columns = [Column("friendships", _("Friendships")), share_column()]

    def rows(counts: dict[str, int], choices: Iterable[tuple[str, Label]]) -> list[Row]:
        listed = [
            Row(label, [counts[value], Rate(counts[value], total)], key=value)
            for value, label in choices
        ]
        if counts[""]:
            listed.append(Row(_("Not recorded"), [counts[""], Rate(counts[""], total)], key="none"))
        return [*listed, total_row([total, None])]

    return [
        Table(
            key="endings_reason",
            title=_("Early endings by reason"),
            label_heading=_("Reason"),
            description=_(
                "Friendships that ended before the year was over, by the day they ended."
            ),
            columns=columns,
            rows=rows(by_reason, EndReason.choices),
            chart=Chart(series=("friendships",)),
        ),
        Table(
            key="endings_by",
            title=_("Early endings by who ended them"),
            label_heading=_("Ended by"),
            columns=columns,
            rows=rows(by_whom, EndedBy.choices),
        ),
        Table(
            key="endings_month",
            title=_("Early endings by month of the year"),
            label_heading=_("Month"),
            description=_("All years in the period together: when in the year friendships end."),
            columns=columns,
            rows=[
                *(
                    Row(
                        str(MONTHS[month]).capitalize(),
                        [by_month[month], Rate(by_month[month], total)],
                        key=str(month),
                    )
                    for month in range(1, 13)
                ),
                total_row([total, None]),
            ],
            chart=Chart(series=("friendships",)),
        ),
    ]


# Visits ---------------------------------------------------------------------------------


@dataclass
class VisitCounts(Counts):
    held: int = 0
    cancelled_child: int = 0
    cancelled_volunteer: int = 0
    moved: int = 0
    unrecorded: int = 0

    @property
    def cancelled(self) -> int:
        return self.cancelled_child + self.cancelled_volunteer

    @property
    def decided(self) -> int:
        return self.held + self.cancelled


@dataclass(frozen=True)
class _Outside:
    """The days of the period's first and last months that lie outside the period: the
    month figures count whole months, and these days are taken off again."""

    start: date
    end: date

    def q(self, field: str, *, moment: bool = False) -> Q:
        """The outside days on ``field`` (a date, or with ``moment`` a time)."""
        bound = day_start if moment else (lambda day: day)
        first = month_start(self.start)
        after = add_months(month_start(self.end), 1)
        return Q(**{f"{field}__gte": bound(first), f"{field}__lt": bound(self.start)}) | Q(
            **{
                f"{field}__gte": bound(self.end + timedelta(days=1)),
                f"{field}__lt": bound(after),
            }
        )

    def inside(self, field: str, *, moment: bool = False) -> Q:
        bound = day_start if moment else (lambda day: day)
        return Q(
            **{
                f"{field}__gte": bound(self.start),
                f"{field}__lt": bound(self.end + timedelta(days=1)),
            }
        )


Kept = dict[date, dict[str, Any]]


def _kept(filters: ReportFilters) -> Kept:
    """The month figures of the chosen sites for every month the period touches, summed
    per month (one query)."""
    names = [*VISIT_COUNTS, *ENTRY_COUNTS]
    return {
        row["month"]: dict(row)
        for row in MonthFigures.objects.filter(
            site_id__in=filters.site_ids,
            month__gte=month_start(filters.start),
            month__lte=month_start(filters.end),
        )
        .values("month")
        .annotate(**{name: Sum(name) for name in names})
        .order_by()
    }


def _visits(filters: ReportFilters, kept: Kept) -> list[Table]:
    today = timezone.localdate()
    outside = _Outside(filters.start, filters.end)
    recorded = ~Q(status=VisitStatus.PLANNED)
    unrecorded = Q(status=VisitStatus.PLANNED, date__lt=today)
    months: dict[date, VisitCounts] = {}

    def counts_of(row: Mapping[str, Any], sign: int = 1) -> VisitCounts:
        return VisitCounts(
            held=sign * row["held"],
            cancelled_child=sign * row["cancelled_by_child_family"],
            cancelled_volunteer=sign * row["cancelled_by_volunteer"],
            moved=sign * row["moved"],
            unrecorded=row.get("unrecorded", 0),
        )

    for month, figures in kept.items():
        if any(figures[name] for name in VISIT_COUNTS):
            months[month] = counts_of(figures)
    # Taken off: the visits of the first and last months outside the period (with the
    # period ending today, only visits cancelled ahead of time); added: the visits nobody
    # has recorded. One query; each count's own filter tells the two kinds apart.
    for row in (
        Visit.objects.filter(friendship__site_id__in=filters.site_ids)
        .filter((outside.q("date") & recorded) | (unrecorded & outside.inside("date")))
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(**VISIT_COUNTS, unrecorded=Count("id", filter=unrecorded))
        .order_by()
    ):
        live: dict[str, Any] = dict(row)
        months.setdefault(live["month"], VisitCounts()).add(counts_of(live, sign=-1))
    months = {
        month: counts
        for month, counts in sorted(months.items())
        if counts.decided or counts.moved or counts.unrecorded
    }
    total = VisitCounts()
    for counts in months.values():
        total.add(counts)
    decided = total.decided
    stability = Table(
        key="visits",
        title=_("Stability of the visits"),
        label_heading=_("Visits"),
        description=_(
            "The weekly visits planned in the period up to today. Shares are of the visits held "
            "or cancelled; a moved visit was held (or cancelled) on another day than planned."
        ),
        columns=[Column("visits", _("Visits")), share_column()],
        rows=[
            Row(_("Held"), [total.held, Rate(total.held, decided)], key="held"),
            Row(_("Cancelled"), [total.cancelled, Rate(total.cancelled, decided)], key="cancelled"),
            Row(
                _("by the child's family"),
                [total.cancelled_child, Rate(total.cancelled_child, decided)],
                key="cancelled_child",
                part_of_above=True,
            ),
            Row(
                _("by the volunteer family"),
                [total.cancelled_volunteer, Rate(total.cancelled_volunteer, decided)],
                key="cancelled_volunteer",
                part_of_above=True,
            ),
            Row(_("Moved to another day"), [total.moved, Rate(total.moved, decided)], key="moved"),
            Row(_("Not recorded yet"), [total.unrecorded, None], key="unrecorded"),
        ],
        chart=Chart(
            series=("visits",), rows=("held", "cancelled_child", "cancelled_volunteer", "moved")
        ),
    )
    per_month = Table(
        key="visits_month",
        title=_("Visits per month"),
        label_heading=_("Month"),
        columns=[
            Column("held", _("Held")),
            Column("cancelled_child", _("Cancelled by the child's family")),
            Column("cancelled_volunteer", _("Cancelled by the volunteer family")),
            Column("moved", _("Moved")),
            Column("held_share", _("Held (of held or cancelled)"), Kind.RATE),
        ],
        rows=[
            *(
                Row(
                    _month(month),
                    [
                        counts.held,
                        counts.cancelled_child,
                        counts.cancelled_volunteer,
                        counts.moved,
                        Rate(counts.held, counts.decided),
                    ],
                    key=f"{month:%Y-%m}",
                )
                for month, counts in months.items()
            ),
            total_row(
                [
                    total.held,
                    total.cancelled_child,
                    total.cancelled_volunteer,
                    total.moved,
                    Rate(total.held, decided),
                ]
            ),
        ],
        chart=Chart(series=("held", "cancelled_child", "cancelled_volunteer"), stacked=True),
    )
    return [stability, per_month]


# Logbook screening ------------------------------------------------------------------------


def _logbook(filters: ReportFilters, kept: Kept) -> Table:
    recent = timezone.now() - timedelta(days=SCREENING_DAYS)
    outside = _Outside(filters.start, filters.end)
    waiting = Q(screened_at__isnull=True)
    # Entries waiting to be screened but written less than 7 days ago are not overdue yet.
    waiting_not_overdue = (
        waiting & Q(written_at__gte=recent) & outside.inside("written_at", moment=True)
    )
    off = outside.q("written_at", moment=True)
    counted: dict[date, dict[str, int]] = {}
    keys = ("written", "in_time", "later", "waiting", "overdue")

    def add(month: date, row: Mapping[str, Any], sign: int = 1) -> None:
        counts = counted.setdefault(month, dict.fromkeys(keys, 0))
        counts["written"] += sign * row["entries_written"]
        counts["in_time"] += sign * row["entries_screened_in_time"]
        counts["later"] += sign * row["entries_screened_later"]
        counts["waiting"] += sign * row["entries_unscreened"]
        counts["overdue"] += sign * row["entries_unscreened"] - row.get("not_overdue", 0)

    for month, figures in kept.items():
        if figures["entries_written"]:
            add(month, figures)
    # Taken off: the entries of the first and last months outside the period; and the
    # entries waiting for less than 7 days, which are not overdue yet (one query).
    for row in (
        LogbookEntry.objects.filter(friendship__site_id__in=filters.site_ids)
        .filter(off | waiting_not_overdue)
        .annotate(month=TruncMonth("written_at", output_field=DateField()))
        .values("month")
        .annotate(
            entries_written=Count("id", filter=off),
            entries_screened_in_time=Count("id", filter=off & SCREENED_IN_TIME),
            entries_screened_later=Count(
                "id", filter=off & Q(screened_at__isnull=False) & ~SCREENED_IN_TIME
            ),
            entries_unscreened=Count("id", filter=off & waiting),
            not_overdue=Count("id", filter=waiting_not_overdue),
        )
        .order_by()
    ):
        live: dict[str, Any] = dict(row)
        add(live["month"], live, sign=-1)
    rows: list[dict[str, Any]] = [
        {"month": month, **counts} for month, counts in sorted(counted.items()) if counts["written"]
    ]
    total = {key: sum(row[key] for row in rows) for key in keys}
    columns = [
        Column("written", _("Entries")),
        Column("in_time", _("Screened within 7 days"), Kind.RATE),
        Column("later", _("Screened later")),
        Column("waiting", _("Not screened yet")),
        Column("overdue", _("of which older than 7 days")),
    ]

    def values(row: Mapping[str, Any]) -> list[int | Rate]:
        return [
            row["written"],
            Rate(row["in_time"], row["written"]),
            row["later"],
            row["waiting"],
            row["overdue"],
        ]

    return Table(
        key="logbook",
        title=_("Logbook screening within 7 days"),
        label_heading=_("Month written"),
        description=_(
            "Staff screen the volunteer families' logbook entries weekly: the share screened "
            "within 7 days of being written, by the month they were written."
        ),
        columns=columns,
        rows=[
            *(Row(_month(row["month"]), values(row), key=f"{row['month']:%Y-%m}") for row in rows),
            total_row(values(total)),
        ],
        chart=Chart(series=("in_time",)),
    )


# Follow-up tasks --------------------------------------------------------------------------


def _tasks(filters: ReportFilters) -> Table:
    today = timezone.localdate()
    on_time = Q(completed_on__lte=F("due_on"))
    counts = {
        row["kind"]: row
        for row in FollowUpTask.objects.filter(
            site_id__in=filters.site_ids,
            due_on__gte=filters.start,
            due_on__lte=min(filters.end, today),
            cancelled_at__isnull=True,
        )
        .exclude(kind__in=SAFEGUARDING_KINDS)
        .annotate(completed_on=TruncDate("completed_at"))
        .values("kind")
        .annotate(
            due=Count("id"),
            on_time=Count("id", filter=on_time),
            late=Count("id", filter=Q(completed_at__isnull=False) & ~on_time),
            open=Count("id", filter=Q(completed_at__isnull=True)),
        )
        .order_by()
    }
    total = {
        key: sum(row[key] for row in counts.values()) for key in ("due", "on_time", "late", "open")
    }

    def values(row: Mapping[str, Any]) -> list[int | Rate]:
        return [row["due"], Rate(row["on_time"], row["due"]), row["late"], row["open"]]

    return Table(
        key="tasks",
        title=_("Follow-up tasks done on time"),
        label_heading=_("Task"),
        description=_(
            "Tasks due in the period up to today (cancelled ones left out): done by the due "
            "date, done later, or still open. A task re-planned after a call nobody answered "
            "is due on its new date."
        ),
        columns=[
            Column("due", _("Due")),
            Column("on_time", _("Done on time"), Kind.RATE),
            Column("late", _("Done late")),
            Column("open", _("Still open")),
        ],
        rows=[
            *(
                Row(label, values(counts[kind]), key=kind)
                for kind, label in FollowUpKind.choices
                if kind in counts
            ),
            total_row(values(total)),
        ],
        chart=Chart(series=("on_time",)),
    )


# Supervision ------------------------------------------------------------------------------


def _supervision(filters: ReportFilters) -> Table:
    rows, total = _by_month(
        SupervisionInvitation.objects.filter(
            session__site_id__in=filters.site_ids,
            session__cancelled_at__isnull=True,
            session__starts_at__gte=day_start(filters.start),
            session__starts_at__lt=min(after_day(filters.end), timezone.now()),
        ),
        "session__starts_at",
        sessions=Count("session_id", distinct=True),
        invited=Count("id"),
        # Not named "attended": that is the field the filters read.
        took_part=Count("id", filter=Q(attended=True)),
        absent=Count("id", filter=Q(attended=False)),
        unknown=Count("id", filter=Q(attended__isnull=True)),
    )

    def values(row: Mapping[str, Any]) -> list[int | Rate]:
        return [
            row["sessions"],
            row["invited"],
            Rate(row["took_part"], row["invited"]),
            row["absent"],
            row["unknown"],
        ]

    return Table(
        key="supervision",
        title=_("Group supervision attendance"),
        label_heading=_("Month"),
        description=_(
            "The online group supervision sessions held in the period: the volunteer families "
            "invited and how many took part."
        ),
        columns=[
            Column("sessions", _("Sessions"), Kind.NUMBER),
            Column("invited", _("Families invited")),
            Column("attended", _("Took part"), Kind.RATE),
            Column("absent", _("Did not take part")),
            Column("unknown", _("Not recorded")),
        ],
        rows=[
            *(Row(_month(row["month"]), values(row), key=f"{row['month']:%Y-%m}") for row in rows),
            total_row(values(total)),
        ],
        chart=Chart(series=("attended",)),
    )


def operations_report(filters: ReportFilters) -> Report:
    """The operations report for ``filters``: six queries whatever the amount of data."""
    kept = _kept(filters)
    return Report(
        tables=[
            *_endings(filters),
            *_visits(filters, kept),
            _logbook(filters, kept),
            _tasks(filters),
            _supervision(filters),
        ]
    )
