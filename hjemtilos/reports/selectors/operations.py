"""The operations report: how the programme's own work went in a period.

Early endings (by reason, by who ended them, by month of the year), the
stability of the visits (held, cancelled by each side, moved), logbook
screening within 7 days, follow-up tasks done by their due date and group
supervision attendance. Five queries whatever the amount of data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractMonth, TruncDate, TruncMonth
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hjemtilos.followups.models import FollowUpKind, FollowUpTask, SupervisionInvitation
from hjemtilos.friendships.models import (
    EndedBy,
    EndReason,
    Friendship,
    FriendshipStatus,
    LogbookEntry,
    Visit,
    VisitStatus,
)
from hjemtilos.reports.registry import ReportFilters
from hjemtilos.reports.selectors.common import after_day, day_start
from hjemtilos.reports.tables import Chart, Column, Kind, Label, Rate, Report, Row, Table

# Staff screen the logbook weekly (SPEC.md section 3, step 12).
SCREENING_DAYS = 7
# Safeguarding's tasks are counted in its own report, not here.
SAFEGUARDING_KINDS = (FollowUpKind.CONCERN, FollowUpKind.INQUIRY)


def _month(day: date) -> str:
    return date_format(day, "F Y")


def _share_column() -> Column:
    return Column("share", _("Share"), Kind.RATE)


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
    columns = [Column("friendships", _("Friendships")), _share_column()]

    def rows(counts: dict[str, int], choices: Iterable[tuple[str, Label]]) -> list[Row]:
        listed = [
            Row(label, [counts[value], Rate(counts[value], total)], key=value)
            for value, label in choices
        ]
        if counts[""]:
            listed.append(Row(_("Not recorded"), [counts[""], Rate(counts[""], total)], key="none"))
        return [*listed, Row(_("Total"), [total, None], key="total", total=True)]

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
                Row(_("Total"), [total, None], key="total", total=True),
            ],
            chart=Chart(series=("friendships",)),
        ),
    ]


# Visits ---------------------------------------------------------------------------------


@dataclass
class VisitCounts:
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

    def add(self, other: VisitCounts) -> None:
        for name in (f.name for f in fields(self)):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _visits(filters: ReportFilters) -> list[Table]:
    today = timezone.localdate()
    months: dict[date, VisitCounts] = {}
    for row in (
        Visit.objects.filter(
            friendship__site_id__in=filters.site_ids,
            date__gte=filters.start,
            date__lte=min(filters.end, today),
        )
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(
            held=Count("id", filter=Q(status=VisitStatus.HELD)),
            cancelled_child=Count("id", filter=Q(status=VisitStatus.CANCELLED_BY_CHILD_FAMILY)),
            cancelled_volunteer=Count("id", filter=Q(status=VisitStatus.CANCELLED_BY_VOLUNTEER)),
            moved=Count("id", filter=Q(original_date__isnull=False)),
            # Past visits nobody has marked held or cancelled (today's may still be held).
            unrecorded=Count("id", filter=Q(status=VisitStatus.PLANNED, date__lt=today)),
        )
        .order_by("month")
    ):
        months[row["month"]] = VisitCounts(
            held=row["held"],
            cancelled_child=row["cancelled_child"],
            cancelled_volunteer=row["cancelled_volunteer"],
            moved=row["moved"],
            unrecorded=row["unrecorded"],
        )
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
        columns=[Column("visits", _("Visits")), _share_column()],
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
            Row(
                _("Total"),
                [
                    total.held,
                    total.cancelled_child,
                    total.cancelled_volunteer,
                    total.moved,
                    Rate(total.held, decided),
                ],
                key="total",
                total=True,
            ),
        ],
        chart=Chart(series=("held", "cancelled_child", "cancelled_volunteer"), stacked=True),
    )
    return [stability, per_month]


# Logbook screening ------------------------------------------------------------------------


def _logbook(filters: ReportFilters) -> Table:
    overdue_before = timezone.now() - timedelta(days=SCREENING_DAYS)
    in_time = Q(screened_at__lte=F("written_at") + timedelta(days=SCREENING_DAYS))
    rows, total = _by_month(
        LogbookEntry.objects.filter(
            friendship__site_id__in=filters.site_ids,
            written_at__gte=day_start(filters.start),
            written_at__lt=after_day(filters.end),
        ),
        "written_at",
        written=Count("id"),
        in_time=Count("id", filter=in_time),
        later=Count("id", filter=Q(screened_at__isnull=False) & ~in_time),
        waiting=Count("id", filter=Q(screened_at__isnull=True)),
        overdue=Count("id", filter=Q(screened_at__isnull=True, written_at__lt=overdue_before)),
    )
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
            Row(_("Total"), values(total), key="total", total=True),
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
            Row(_("Total"), values(total), key="total", total=True),
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
            Row(_("Total"), values(total), key="total", total=True),
        ],
        chart=Chart(series=("attended",)),
    )


def operations_report(filters: ReportFilters) -> Report:
    """The operations report for ``filters``: five queries whatever the amount of data."""
    return Report(
        tables=[
            *_endings(filters),
            *_visits(filters),
            _logbook(filters),
            _tasks(filters),
            _supervision(filters),
        ]
    )
