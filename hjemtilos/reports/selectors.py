"""Report figures. Aggregates only: counts and rates, never a person's row."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from hjemtilos.organisations.models import Site
from hjemtilos.volunteers.models import (
    FamilyEvent,
    RecruitmentChannel,
    VolunteerFamily,
    VolunteerFamilyStatus,
)

FUNNEL_STAGES = ("applications", "interviewed", "approved", "matched")


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class FunnelRow:
    """One row of the funnel: how many applied, and how many got how far."""

    label: str
    applications: int = 0
    interviewed: int = 0
    approved: int = 0
    matched: int = 0
    key: str = field(default="")

    def add(self, other: Mapping[str, Any]) -> None:
        for stage in FUNNEL_STAGES:
            setattr(self, stage, getattr(self, stage) + other[stage])

    @property
    def interviewed_rate(self) -> float | None:
        return _rate(self.interviewed, self.applications)

    @property
    def approved_rate(self) -> float | None:
        return _rate(self.approved, self.interviewed)

    @property
    def matched_rate(self) -> float | None:
        return _rate(self.matched, self.approved)

    @property
    def overall_rate(self) -> float | None:
        return _rate(self.matched, self.applications)


@dataclass
class Funnel:
    start: date
    end: date
    by_channel: list[FunnelRow]
    by_site: list[FunnelRow]
    total: FunnelRow


def _reached(status: str) -> Exists:
    return Exists(FamilyEvent.objects.filter(family=OuterRef("pk"), to_status=status))


def recruitment_funnel(*, site_ids: Iterable[int], start: date, end: date) -> Funnel:
    """Families who applied from ``start`` to ``end`` (both included), by channel and site.

    A cohort funnel: each family counts in every stage it has reached by now
    (a family approved and then resting still counts as approved), so the
    rates say how a period's applications went on. Two queries however many
    families there are.
    """
    site_ids = list(site_ids)
    since = timezone.make_aware(datetime.combine(start, time.min))
    until = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    rows = (
        VolunteerFamily.objects.filter(
            site_id__in=site_ids, applied_at__gte=since, applied_at__lt=until
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
    channels = {
        value: FunnelRow(label=str(label), key=value) for value, label in RecruitmentChannel.choices
    }
    sites = {
        site.pk: FunnelRow(label=site.name, key=str(site.pk))
        for site in Site.objects.filter(pk__in=site_ids).order_by("name")
    }
    total = FunnelRow(label="")
    for row in rows:
        channels[row["recruitment_channel"]].add(row)
        sites[row["site_id"]].add(row)
        total.add(row)
    return Funnel(
        start=start,
        end=end,
        by_channel=list(channels.values()),
        by_site=list(sites.values()),
        total=total,
    )
