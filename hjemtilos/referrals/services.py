"""Writes for referrals. Every status change goes through ``referral_transition``."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from hjemtilos.core.workflow import Workflow
from hjemtilos.referrals.models import Referral, ReferralEvent
from hjemtilos.referrals.models import ReferralStatus as S

REFERRAL_WORKFLOW = Workflow(
    statuses=S,
    order=[
        S.DRAFT,
        S.SUBMITTED,
        S.RECEIVED,
        S.HOME_VISIT_PLANNED,
        S.HOME_VISIT_HELD,
        S.READY_FOR_MATCHING,
        S.MATCHED,
        S.ON_HOLD,
        S.WITHDRAWN,
        S.NOT_ELIGIBLE,
    ],
    moves={
        S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
        S.SUBMITTED: frozenset({S.RECEIVED, S.WITHDRAWN, S.NOT_ELIGIBLE}),
        S.RECEIVED: frozenset({S.HOME_VISIT_PLANNED, S.ON_HOLD, S.WITHDRAWN, S.NOT_ELIGIBLE}),
        S.HOME_VISIT_PLANNED: frozenset(
            {S.HOME_VISIT_HELD, S.RECEIVED, S.ON_HOLD, S.WITHDRAWN, S.NOT_ELIGIBLE}
        ),
        S.HOME_VISIT_HELD: frozenset(
            {S.READY_FOR_MATCHING, S.ON_HOLD, S.WITHDRAWN, S.NOT_ELIGIBLE}
        ),
        S.READY_FOR_MATCHING: frozenset({S.MATCHED, S.ON_HOLD, S.WITHDRAWN}),
        # A declined proposal or an early ending sends the child back to matching.
        S.MATCHED: frozenset({S.READY_FOR_MATCHING, S.WITHDRAWN}),
        S.ON_HOLD: frozenset(
            {S.RECEIVED, S.HOME_VISIT_PLANNED, S.READY_FOR_MATCHING, S.WITHDRAWN, S.NOT_ELIGIBLE}
        ),
        S.WITHDRAWN: frozenset(),
        S.NOT_ELIGIBLE: frozenset(),
    },
    reason_required=frozenset({S.ON_HOLD, S.WITHDRAWN, S.NOT_ELIGIBLE}),
)

# The date field each status stamps when it is reached.
REFERRAL_STAMPS: dict[str, str] = {
    S.SUBMITTED: "submitted_at",
    S.RECEIVED: "received_at",
    S.READY_FOR_MATCHING: "ready_for_matching_at",
    S.MATCHED: "matched_at",
    S.WITHDRAWN: "closed_at",
    S.NOT_ELIGIBLE: "closed_at",
}


@transaction.atomic
def referral_transition(
    *, referral: Referral, to_status: str, by: Any, reason: str = "", **fields: Any
) -> Referral:
    """Move ``referral`` to ``to_status`` if the workflow allows it, and record the event.

    Extra ``fields`` (e.g. ``home_visit_held_on``) are saved with the change.
    Raises ``ValidationError`` with a message for the user otherwise.
    """
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    REFERRAL_WORKFLOW.check(referral.status, to_status, reason)
    now = timezone.now()
    from_status = referral.status
    referral.status = to_status
    referral.status_changed_at = now
    update = ["status", "status_changed_at", *fields]
    stamp = REFERRAL_STAMPS.get(to_status)
    if stamp and (getattr(referral, stamp) is None or stamp == "closed_at"):
        setattr(referral, stamp, now)
        update.append(stamp)
    if to_status in (S.WITHDRAWN, S.NOT_ELIGIBLE, S.ON_HOLD):
        referral.closed_reason = reason
        update.append("closed_reason")
    for name, value in fields.items():
        setattr(referral, name, value)
    referral.save(update_fields=update)
    ReferralEvent.objects.create(
        referral=referral,
        from_status=from_status,
        to_status=to_status,
        at=now,
        by=by if getattr(by, "pk", None) else None,
        reason=reason,
    )
    return referral
