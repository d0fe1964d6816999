"""The recruitment funnel: volunteer families per channel and site, applied → matched."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from hjemtilos.reports.registry import ReportFilters
from hjemtilos.reports.selectors.common import after_day, day_start
from hjemtilos.reports.tables import Chart, Column, Kind, Rate, Report, Row, Table, total_row
from hjemtilos.volunteers.models import (
    FamilyEvent,
    RecruitmentChannel,
    VolunteerFamily,
    VolunteerFamilyStatus,
)

FUNNEL_STAGES = ("applications", "interviewed", "approved", "matched")


@dataclass
class FunnelCounts:
    """How many applied, and how many of them got how far."""

    applications: int = 0
    interviewed: int = 0
    approved: int = 0
    matched: int = 0

    def add(self, other: Mapping[str, Any]) -> None:
        for stage in FUNNEL_STAGES:
            setattr(self, stage, getattr(self, stage) + other[stage])

    def values(self) -> list[int | Rate]:
        """The row's values in the funnel table's column order."""
        return [
            self.applications,
            Rate(self.interviewed, self.applications),
            Rate(self.approved, self.interviewed),
            Rate(self.matched, self.approved),
            Rate(self.matched, self.applications),
        ]


def _reached(status: str) -> Exists:
    return Exists(FamilyEvent.objects.filter(family=OuterRef("pk"), to_status=status))


def _columns() -> list[Column]:
    return [
        Column("applications", _("Applications")),
        Column("interviewed", _("Interviewed (of applications)"), Kind.RATE),
        Column("approved", _("Approved (of interviewed)"), Kind.RATE),
        Column("matched", _("Matched (of approved)"), Kind.RATE),
        Column("overall", _("Matched of applications"), Kind.RATE),
    ]


def recruitment_report(filters: ReportFilters) -> Report:
    """Families who applied in the period, by channel and by site.

    A cohort funnel: each family counts in every stage it has reached by now
    (a family approved and then resting still counts as approved), so the
    rates say how a period's applications went on. One query however many
    families there are.
    """
    rows = (
        VolunteerFamily.objects.filter(
            site_id__in=filters.site_ids,
            applied_at__gte=day_start(filters.start),
            applied_at__lt=after_day(filters.end),
        )
        .values("site_id", "recruitment_channel")
        .annotate(
            applications=Count("id"),
            interviewed=Count("id", filter=_reached(VolunteerFamilyStatus.INTERVIEWED)),
            approved=Count("id", filter=_reached(VolunteerFamilyStatus.APPROVED)),
            matched=Count("id", filter=_reached(VolunteerFamilyStatus.MATCHED)),
        )
        .order_by()
    )
    channels = {value: FunnelCounts() for value in RecruitmentChannel.values}
    sites = {site_id: (name, FunnelCounts()) for site_id, name in filters.sites}
    total = FunnelCounts()
    for row in rows:
        channels[row["recruitment_channel"]].add(row)
        sites[row["site_id"]][1].add(row)
        total.add(row)
    total_line = total_row(total.values())
    return Report(
        tables=[
            Table(
                key="channels",
                title=_("Per recruitment channel"),
                label_heading=_("Channel"),
                description=_(
                    "Where the families who applied in the period heard of the programme, and "
                    "how many of them have since been interviewed, approved and matched."
                ),
                columns=_columns(),
                rows=[
                    *(
                        Row(label, channels[value].values(), key=value)
                        for value, label in RecruitmentChannel.choices
                    ),
                    total_line,
                ],
                chart=Chart(series=("overall",)),
            ),
            Table(
                key="sites",
                title=_("Per site"),
                label_heading=_("Site"),
                columns=_columns(),
                rows=[
                    *(
                        Row(name, counts.values(), key=str(site_id))
                        for site_id, (name, counts) in sites.items()
                    ),
                    total_line,
                ],
            ),
        ]
    )
