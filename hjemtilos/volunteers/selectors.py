"""Reads for volunteer families."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from hjemtilos.volunteers import policies
from hjemtilos.volunteers.models import FamilyEvent, HouseholdMember, VolunteerFamily


def family_list(*, user: Any, status: str = "") -> QuerySet[VolunteerFamily]:
    qs = (
        policies.visible_families(user)
        .select_related("site", "postal_code")
        .annotate(member_count=Count("members"))
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("name", "id")


def family_detail(*, user: Any, pk: int) -> VolunteerFamily | None:
    return (
        policies.visible_families(user)
        .select_related("site", "postal_code", "contact_person", "approved_by")
        .prefetch_related(
            Prefetch("members", queryset=HouseholdMember.objects.order_by("date_of_birth")),
            Prefetch("events", queryset=FamilyEvent.objects.select_related("by")),
        )
        .filter(pk=pk)
        .first()
    )
