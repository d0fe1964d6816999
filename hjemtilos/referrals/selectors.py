"""Reads for referrals and children, shaped for the pages that show them."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from hjemtilos.referrals import policies
from hjemtilos.referrals.models import Child, Guardian, Referral, ReferralEvent


def referral_list(*, user: Any, status: str = "") -> QuerySet[Referral]:
    """The referrals ``user`` may see, newest activity first, ready for a table."""
    qs = policies.visible_referrals(user).select_related(
        "child", "site", "caseworker__municipality"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-status_changed_at", "-id")


def child_detail(*, user: Any, pk: int) -> Child | None:
    """The child with family, guardians and referral history, or None if not visible."""
    child = (
        Child.objects.select_related("family__site", "family__postal_code", "school_postal_code")
        .prefetch_related(
            Prefetch("family__guardians", queryset=Guardian.objects.order_by("id")),
            Prefetch(
                "referrals",
                queryset=Referral.objects.select_related("site", "caseworker").prefetch_related(
                    Prefetch("events", queryset=ReferralEvent.objects.select_related("by"))
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if child is None or not policies.can_view_child(user, child):
        return None
    return child
