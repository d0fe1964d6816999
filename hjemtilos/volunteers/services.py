"""Writes for volunteer families. Every status change goes through ``family_transition``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from hjemtilos.core.workflow import Workflow
from hjemtilos.volunteers.models import FamilyEvent, VolunteerFamily
from hjemtilos.volunteers.models import VolunteerFamilyStatus as S
from hjemtilos.volunteers.selectors import vetting_gaps_bulk

FAMILY_WORKFLOW = Workflow(
    statuses=S,
    order=[
        S.APPLIED,
        S.INTERVIEW_PLANNED,
        S.INTERVIEWED,
        S.VETTING,
        S.APPROVED,
        S.MATCHED,
        S.RESTING,
        S.WITHDRAWN,
        S.REJECTED,
    ],
    moves={
        S.APPLIED: frozenset({S.INTERVIEW_PLANNED, S.WITHDRAWN, S.REJECTED}),
        S.INTERVIEW_PLANNED: frozenset({S.INTERVIEWED, S.APPLIED, S.WITHDRAWN, S.REJECTED}),
        S.INTERVIEWED: frozenset({S.VETTING, S.WITHDRAWN, S.REJECTED}),
        S.VETTING: frozenset({S.APPROVED, S.WITHDRAWN, S.REJECTED}),
        S.APPROVED: frozenset({S.MATCHED, S.RESTING, S.WITHDRAWN}),
        # After a friendship the family rests or is free for a new child.
        S.MATCHED: frozenset({S.APPROVED, S.RESTING, S.WITHDRAWN}),
        S.RESTING: frozenset({S.APPROVED, S.WITHDRAWN}),
        S.WITHDRAWN: frozenset(),
        S.REJECTED: frozenset(),
    },
    reason_required=frozenset({S.APPROVED, S.RESTING, S.WITHDRAWN, S.REJECTED}),
)


@transaction.atomic
def family_transition(
    *, family: VolunteerFamily, to_status: str, by: Any, reason: str = ""
) -> VolunteerFamily:
    """Move ``family`` to ``to_status`` if allowed; approval records who and why."""
    family = VolunteerFamily.objects.select_for_update().get(pk=family.pk)
    FAMILY_WORKFLOW.check(family.status, to_status, reason)
    now = timezone.now()
    from_status = family.status
    family.status = to_status
    family.status_changed_at = now
    family.status_reason = reason
    update = ["status", "status_changed_at", "status_reason"]
    if to_status == S.APPROVED and from_status == S.VETTING:
        family.approved_at = now
        family.approved_by = by if getattr(by, "pk", None) else None
        update += ["approved_at", "approved_by"]
    family.save(update_fields=update)
    FamilyEvent.objects.create(
        family=family,
        from_status=from_status,
        to_status=to_status,
        at=now,
        by=by if getattr(by, "pk", None) else None,
        reason=reason,
    )
    return family


def family_vetting_refresh(family_ids: Iterable[int]) -> None:
    """Recompute ``VolunteerFamily.vetting_complete`` for these families.

    Call it after anything that can change a requirement: a member added or
    turning 15 or 12, a certificate, a course, an acceptance, a new policy
    version. Matching trusts the flag.
    """
    gaps = vetting_gaps_bulk(family_ids)
    complete = [pk for pk, found in gaps.items() if not found]
    incomplete = [pk for pk, found in gaps.items() if found]
    VolunteerFamily.objects.filter(pk__in=complete, vetting_complete=False).update(
        vetting_complete=True
    )
    VolunteerFamily.objects.filter(pk__in=incomplete, vetting_complete=True).update(
        vetting_complete=False
    )
