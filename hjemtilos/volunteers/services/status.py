"""The volunteer family's lifecycle and the ``vetting_complete`` flag.

Every status change goes through ``family_transition``: it checks the
workflow, refuses approval while a vetting requirement is missing, records
who, when and why in a ``FamilyEvent`` and keeps the flag matching reads.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import User
from hjemtilos.core.services import status_event_record
from hjemtilos.core.workflow import Workflow
from hjemtilos.followups.services import follow_up_tasks_cancel_open
from hjemtilos.volunteers.models import FAMILY_CLOSED_STATUSES, FamilyEvent, VolunteerFamily
from hjemtilos.volunteers.models import VolunteerFamilyStatus as S
from hjemtilos.volunteers.selectors import vetting_gaps, vetting_gaps_bulk

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

# Moves that make a family available to matching: every requirement must
# hold. (MATCHED → APPROVED after a friendship is matching's own move; the
# flag still keeps such a family out of matching until its gaps are closed.)
APPROVAL_CHECKED_FROM = frozenset({S.VETTING, S.RESTING})
# Statuses in which a family is out of the programme for good.


@transaction.atomic
def family_transition(
    *, family: VolunteerFamily, to_status: str, by: User | None, reason: str = ""
) -> VolunteerFamily:
    """Move ``family`` to ``to_status`` if allowed; approval records who and why.

    Approval (from vetting, or coming back from resting) is refused with the
    list of what is missing while any vetting requirement does not hold.
    """
    family = VolunteerFamily.objects.select_for_update().get(pk=family.pk)
    FAMILY_WORKFLOW.check(family.status, to_status, reason)
    from_status = family.status
    if to_status == S.APPROVED and from_status in APPROVAL_CHECKED_FROM:
        gaps = vetting_gaps(family)
        if gaps:
            raise ValidationError(
                [_("The family cannot be approved yet. Missing:")] + [g.message for g in gaps],
                code="vetting_incomplete",
            )
    now = timezone.now()
    family.status = to_status
    family.status_changed_at = now
    family.status_reason = reason.strip()
    update = ["status", "status_changed_at", "status_reason"]
    if to_status == S.APPROVED and from_status == S.VETTING:
        family.approved_at = now
        family.approved_by = by
        update += ["approved_at", "approved_by"]
    family.save(update_fields=update)
    status_event_record(
        FamilyEvent,
        family=family,
        from_status=from_status,
        to_status=to_status,
        at=now,
        by=by,
        reason=reason.strip(),
    )
    if to_status in FAMILY_CLOSED_STATUSES:
        follow_up_tasks_cancel_open(volunteer_family=family)
    family_vetting_refresh([family.pk])
    family.refresh_from_db(fields=["vetting_complete"])
    return family


def family_vetting_refresh(family_ids: Iterable[int]) -> None:
    """Recompute ``VolunteerFamily.vetting_complete`` for these families.

    Call it after anything that can change a requirement: a member added or
    turning 15 or 12, a certificate, a course, an acceptance, a new policy
    version, the home interview. Matching trusts the flag.
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
