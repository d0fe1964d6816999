"""The advisory lead's report: concerns by month and severity, time to assessment, and
notifications sent and acknowledged on time.

Kept simple on purpose (a table per period, computed in two queries); the
reports framework can take it over as one of its reports.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from hjemtilos.safeguarding.models import Concern, Notification, NotificationStatus, Severity


@dataclass
class ReportRow:
    """One month (or the whole period, ``month`` None)."""

    month: date | None
    raised: int = 0
    by_severity: Counter[int] = field(default_factory=Counter)
    # Days from registration to the first assessment, of the concerns assessed so far.
    days_to_assessment: list[float] = field(default_factory=list)
    notifications_sent: int = 0
    acknowledged_in_time: int = 0
    acknowledged_late: int = 0
    overdue: int = 0
    awaiting: int = 0

    @property
    def severities(self) -> list[int]:
        return [self.by_severity[value] for value in Severity.values]

    @property
    def assessed(self) -> int:
        return len(self.days_to_assessment)

    @property
    def median_days(self) -> float | None:
        return statistics.median(self.days_to_assessment) if self.days_to_assessment else None


@dataclass
class SafeguardingReport:
    start: date
    end: date
    rows: list[ReportRow]
    total: ReportRow


def _month(moment: datetime) -> date:
    return timezone.localdate(moment).replace(day=1)


def safeguarding_report(*, start: date, end: date, today: date | None = None) -> SafeguardingReport:
    """Concerns registered and notifications sent between ``start`` and ``end`` (inclusive)."""
    today = today or timezone.localdate()
    rows: dict[date, ReportRow] = defaultdict(lambda: ReportRow(month=None))
    total = ReportRow(month=None)
    concerns = Concern.objects.filter(
        reported_at__date__gte=start, reported_at__date__lte=end
    ).values_list("reported_at", "severity", "first_assessed_at")
    for reported_at, severity, assessed_at in concerns:
        for row in (rows[_month(reported_at)], total):
            row.raised += 1
            row.by_severity[severity] += 1
            if assessed_at is not None:
                row.days_to_assessment.append((assessed_at - reported_at).total_seconds() / 86400)
    notifications = Notification.objects.filter(
        status=NotificationStatus.SENT, sent_at__date__gte=start, sent_at__date__lte=end
    ).values_list("sent_at", "acknowledge_by", "acknowledged_on")
    for sent_at, due, acknowledged_on in notifications:
        if sent_at is None:  # a sent notification has its time; the type cannot say so
            continue
        for row in (rows[_month(sent_at)], total):
            row.notifications_sent += 1
            if acknowledged_on is not None:
                if due is None or acknowledged_on <= due:
                    row.acknowledged_in_time += 1
                else:
                    row.acknowledged_late += 1
            elif due is not None and due < today:
                row.overdue += 1
            else:
                row.awaiting += 1
    for month, row in rows.items():
        row.month = month
    return SafeguardingReport(
        start=start, end=end, rows=[rows[m] for m in sorted(rows)], total=total
    )
