"""The status report: the status note's table for any day, starts against targets, waiting time.

Who counts as what on a day ``D`` (the "status on" date), one child per
referral, by what had happened by the end of ``D``:

* **enrolled**: the referral was submitted by ``D`` (a draft is not) and the
  child had not left before a match (withdrawn or not eligible by ``D``);
* the child's **friendship** is its latest one begun by ``D`` (matched by then,
  or its first meeting held by then). It is **completed** or **ended early**
  if it ended by ``D``, else **running** (before or after the first meeting);
  a child whose match was accepted but whose first meeting is not yet
  scheduled is running too (matched, no friendship row yet);
* a child whose friendship ended early and who went back to matching is
  **waiting** again, like every enrolled child without a friendship;
* **continuing after the year**: completed with a private continuation
  agreed; its rate is of the completed (the note's 15 of 17).

So enrolled = waiting + running + completed + ended early, as in the note.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, Count, DateField, Exists, F, OuterRef, Q, Sum, When
from django.db.models.functions import ExtractYear, TruncDate
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hjemtilos.friendships.models import Friendship, FriendshipStatus
from hjemtilos.matching.models import MatchWaitingTime
from hjemtilos.organisations.models import SiteTarget
from hjemtilos.referrals.models import Referral, ReferralStatus
from hjemtilos.reports.registry import ReportFilters
from hjemtilos.reports.selectors.common import Counts, after_day, day_start, percentile
from hjemtilos.reports.tables import (
    Chart,
    Column,
    Kind,
    Measure,
    Rate,
    Report,
    Row,
    Table,
    share_column,
    total_row,
)

CLOSED = (ReferralStatus.WITHDRAWN, ReferralStatus.NOT_ELIGIBLE)
# Waiting-time groups in days (from, to; None: no upper end).
WAIT_GROUPS: tuple[tuple[int, int | None], ...] = (
    (0, 30),
    (31, 60),
    (61, 90),
    (91, 180),
    (181, None),
)


@dataclass
class StatusCounts(Counts):
    """One site's (or all chosen sites') children by status on the day."""

    waiting: int = 0
    ready: int = 0
    running: int = 0
    before_first_meeting: int = 0
    completed: int = 0
    continuing: int = 0
    ended_early: int = 0
    left_before_match: int = 0

    @property
    def enrolled(self) -> int:
        return self.waiting + self.running + self.completed + self.ended_early


@dataclass
class StatusFigures:
    by_site: dict[int, StatusCounts] = field(default_factory=dict)
    # The days each child waiting for a first match on the day had waited so far, sorted.
    waited: list[int] = field(default_factory=list)

    def site(self, site_id: int) -> StatusCounts:
        return self.by_site.setdefault(site_id, StatusCounts())

    @property
    def total(self) -> StatusCounts:
        total = StatusCounts()
        for counts in self.by_site.values():
            total.add(counts)
        return total


def _closed_by(cut: object, prefix: str = "") -> Q:
    """The referral had left (withdrawn, not eligible) before ``cut``. A referral closed
    before the stamp was kept falls back on its last status change."""
    return Q(**{f"{prefix}status__in": CLOSED}) & (
        Q(**{f"{prefix}closed_at__lt": cut})
        | Q(**{f"{prefix}closed_at__isnull": True, f"{prefix}status_changed_at__lt": cut})
    )


def status_figures(*, site_ids: tuple[int, ...], as_of: date) -> StatusFigures:
    """Children by status at the end of ``as_of``, per site, and how long those waiting for
    a first match have waited. Two queries."""
    cut = after_day(as_of)
    began = Q(created_at__lt=cut) | Q(first_meeting_on__lte=as_of)
    later = Friendship.objects.filter(
        began, referral_id=OuterRef("referral_id"), pk__gt=OuterRef("pk")
    )
    ended = Q(ended_on__lte=as_of)
    completed = ended & Q(status=FriendshipStatus.COMPLETED)
    early = ended & Q(status=FriendshipStatus.ENDED_EARLY)
    rematching = early & Q(child_back_to_matching=True) & ~_closed_by(cut, "referral__")
    met = Q(first_meeting_on__lte=as_of)
    figures = StatusFigures()
    for row in (
        Friendship.objects.filter(began, site_id__in=site_ids)
        .filter(~Exists(later))
        .values("site_id")
        .annotate(
            running=Count("id", filter=~ended & met),
            before_first_meeting=Count("id", filter=~ended & ~met),
            completed=Count("id", filter=completed),
            continuing=Count("id", filter=completed & Q(continues_privately=True)),
            ended_early=Count("id", filter=early & ~rematching),
            rematching=Count("id", filter=rematching),
        )
        .order_by()
    ):
        counts = figures.site(row["site_id"])
        counts.running += row["running"] + row["before_first_meeting"]
        counts.before_first_meeting += row["before_first_meeting"]
        counts.completed += row["completed"]
        counts.continuing += row["continuing"]
        counts.ended_early += row["ended_early"]
        counts.waiting += row["rematching"]
        counts.ready += row["rematching"]
    closed = _closed_by(cut)
    matched = Q(status=ReferralStatus.MATCHED, matched_at__lt=cut)
    # A waiting child has waited since the referral was received (or sent, before that).
    since = Case(When(received_at__lt=cut, then=F("received_at")), default=F("submitted_at"))
    for counted in (
        Referral.objects.filter(site_id__in=site_ids, submitted_at__lt=cut)
        .exclude(status=ReferralStatus.DRAFT)
        .filter(~Exists(Friendship.objects.filter(began, referral_id=OuterRef("pk"))))
        .annotate(
            since_day=Case(
                When(~closed & ~matched, then=TruncDate(since)),
                default=None,
                output_field=DateField(),
            )
        )
        .values("site_id", "since_day")
        .annotate(
            waiting=Count("id", filter=~closed & ~matched),
            ready=Count("id", filter=~closed & ~matched & Q(ready_for_matching_at__lt=cut)),
            matched=Count("id", filter=~closed & matched),
            left=Count("id", filter=closed),
        )
        .order_by()
    ):
        counts = figures.site(counted["site_id"])
        counts.waiting += counted["waiting"]
        counts.ready += counted["ready"]
        counts.running += counted["matched"]
        counts.before_first_meeting += counted["matched"]
        counts.left_before_match += counted["left"]
        if counted["since_day"] is not None:
            days = max(0, (as_of - counted["since_day"]).days)
            figures.waited.extend([days] * counted["waiting"])
    figures.waited.sort()
    return figures


def _status_rows(counts: StatusCounts) -> list[Row]:
    enrolled = counts.enrolled
    return [
        Row(_("Children enrolled"), [enrolled, None], key="enrolled"),
        Row(
            _("Waiting for a match"),
            [counts.waiting, Rate(counts.waiting, enrolled)],
            key="waiting",
        ),
        Row(
            _("of which ready for matching"),
            [counts.ready, Rate(counts.ready, counts.waiting)],
            key="ready",
            part_of_above=True,
        ),
        Row(
            _("Friendship running"), [counts.running, Rate(counts.running, enrolled)], key="running"
        ),
        Row(
            _("of which matched, first meeting not yet held"),
            [counts.before_first_meeting, Rate(counts.before_first_meeting, counts.running)],
            key="before_first_meeting",
            part_of_above=True,
        ),
        Row(
            _("Completed (the year is over)"),
            [counts.completed, Rate(counts.completed, enrolled)],
            key="completed",
        ),
        Row(
            _("Ended early"),
            [counts.ended_early, Rate(counts.ended_early, enrolled)],
            key="ended_early",
        ),
        Row(
            _("Continuing privately after the year"),
            [counts.continuing, Rate(counts.continuing, counts.completed)],
            key="continuing",
        ),
        Row(
            _("Left before a match (withdrawn or not eligible; not counted above)"),
            [counts.left_before_match, None],
            key="left_before_match",
        ),
    ]


def _per_site(figures: StatusFigures, filters: ReportFilters) -> Table:
    def values(counts: StatusCounts) -> list[int | Rate]:
        return [
            counts.enrolled,
            counts.waiting,
            counts.running,
            counts.completed,
            counts.ended_early,
            Rate(counts.continuing, counts.completed),
        ]

    return Table(
        key="sites",
        title=_("Per site"),
        label_heading=_("Site"),
        columns=[
            Column("enrolled", _("Enrolled")),
            Column("waiting", _("Waiting")),
            Column("running", _("Running")),
            Column("completed", _("Completed")),
            Column("ended_early", _("Ended early")),
            Column("continuing", _("Continuing (of completed)"), Kind.RATE),
        ],
        rows=[
            *(
                Row(name, values(figures.by_site.get(site_id, StatusCounts())), key=str(site_id))
                for site_id, name in filters.sites
            ),
            total_row(values(figures.total)),
        ],
    )


def _started_per_year(filters: ReportFilters) -> Table:
    first, last = filters.start.year, filters.end.year
    started = dict(
        Friendship.objects.filter(
            site_id__in=filters.site_ids,
            started_on__gte=date(first, 1, 1),
            started_on__lte=filters.end,
        )
        .annotate(year=ExtractYear("started_on"))
        .values_list("year")
        .annotate(n=Count("id"))
        .order_by()
    )
    targets = dict(
        SiteTarget.objects.filter(site_id__in=filters.site_ids, year__gte=first, year__lte=last)
        .values_list("year")
        .annotate(n=Sum("friendships_started"))
        .order_by()
    )
    rows = []
    for year in range(first, last + 1):
        target = targets.get(year) or None
        count = started.get(year, 0)
        rows.append(
            Row(str(year), [count, target, Rate(count, target) if target else None], key=str(year))
        )
    return Table(
        key="started",
        title=_("Friendships started per year against the target"),
        label_heading=_("Year"),
        description=_(
            "A friendship starts with the child's first visit on its own, after the first "
            "meeting. The target is the sum of the chosen sites' targets for the year; the "
            "last year counts up to the end of the period."
        ),
        columns=[
            Column("started", _("Started")),
            Column("target", _("Target"), Kind.NUMBER),
            Column("of_target", _("Of the target"), Kind.RATE),
        ],
        rows=rows,
        chart=Chart(series=("started", "target")),
    )


def _summary(days: list[int]) -> list[int | Measure]:
    n = len(days)
    median, p90 = percentile(days, 50), percentile(days, 90)
    return [n, Measure(median, n), Measure(p90, n)]


def _wait_group(days: int) -> int:
    """The index in ``WAIT_GROUPS`` of the group ``days`` falls in."""
    return next(i for i, (_low, high) in enumerate(WAIT_GROUPS) if high is None or days <= high)


def _waiting_tables(filters: ReportFilters, so_far: list[int]) -> list[Table]:
    matched_days = sorted(
        MatchWaitingTime.objects.filter(
            site_id__in=filters.site_ids,
            accepted_at__gte=day_start(filters.start),
            accepted_at__lt=after_day(filters.end),
        ).values_list("days", flat=True)
    )
    on = date_format(filters.as_of, "j. F Y")
    summary = Table(
        key="waiting_time",
        title=_("Waiting time from referral to match"),
        label_heading=_("Children"),
        description=_(
            "Days from the referral being received (or sent, before it was received) to both "
            "families accepting the match: for the matches made in the period, and so far "
            "for the children still waiting for their first match on the status day."
        ),
        columns=[
            Column("children", _("Children")),
            Column("median", _("Median (days)"), Kind.MEASURE),
            Column("p90", _("90th percentile (days)"), Kind.MEASURE),
        ],
        rows=[
            Row(_("Matched in the period"), _summary(matched_days), key="matched"),
            Row(
                _("Still waiting on %(day)s (days so far)") % {"day": on},
                _summary(so_far),
                key="waiting",
            ),
        ],
        chart=Chart(series=("median", "p90")),
    )
    groups = Counter(_wait_group(days) for days in matched_days)
    total = len(matched_days)
    spread = Table(
        key="waiting_groups",
        title=_("Matches in the period by waiting time"),
        label_heading=_("Waiting time"),
        columns=[
            Column("matches", _("Matches")),
            share_column(),
        ],
        rows=[
            Row(
                _("%(low)s–%(high)s days") % {"low": low, "high": high}
                if high is not None
                else _("More than %(days)s days") % {"days": low - 1},
                [groups[i], Rate(groups[i], total)],
                key=f"{low}",
            )
            for i, (low, high) in enumerate(WAIT_GROUPS)
        ],
        chart=Chart(series=("matches",)),
    )
    return [summary, spread]


def status_table(*, site_ids: tuple[int, ...], as_of: date) -> Table:
    """The status note's table: the children of ``site_ids`` by status on ``as_of``."""
    figures = status_figures(site_ids=site_ids, as_of=as_of)
    return _status_table(figures, as_of)


def _status_table(figures: StatusFigures, as_of: date) -> Table:
    on = date_format(as_of, "j. F Y")
    return Table(
        key="status",
        title=_("Children on %(day)s") % {"day": on},
        label_heading=_("Status"),
        description=_(
            "Each child is counted once, by the latest of its friendships begun by the day. "
            "A child whose friendship ended early and who is matched again counts as "
            "waiting. Enrolled = waiting + running + completed + ended early."
        ),
        columns=[
            Column("children", _("Children")),
            share_column(),
        ],
        rows=_status_rows(figures.total),
        chart=Chart(series=("children",), rows=("waiting", "running", "completed", "ended_early")),
    )


def status_report(filters: ReportFilters) -> Report:
    """The status report for ``filters``: five queries whatever the amount of data."""
    figures = status_figures(site_ids=filters.site_ids, as_of=filters.as_of)
    tables = [_status_table(figures, filters.as_of)]
    if len(filters.site_ids) > 1:
        tables.append(_per_site(figures, filters))
    tables.append(_started_per_year(filters))
    tables.extend(_waiting_tables(filters, figures.waited))
    return Report(tables=tables)


def status_start(end: date) -> date:
    """The default period of the status report: the two years before ``end``'s, and its own."""
    return date(end.year - 2, 1, 1)
