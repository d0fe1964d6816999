"""Group supervision (SPEC 3, step 14): recording who came to a session (and, through
``attendance_record``, to a joint event of ``support``).

Planning a session (inviting the families in running friendships) and the
daily task to plan the next one read friendships, so they live in
``friendships.services.supervision``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from django.db import transaction

from hjemtilos.accounts.models import User
from hjemtilos.followups.models import SupervisionSession


class Invited(Protocol):
    """A family's invitation to a supervision session or a joint event, and whether it came."""

    family_id: int
    attended: bool | None
    attendance_recorded_by: User | None

    def save(self, *, update_fields: list[str]) -> None: ...


def attendance_record(
    invitations: Iterable[Invited], *, attended_family_ids: set[int], by: User
) -> int:
    """Mark every invited family as came or not (writing only the changed rows); returns how
    many came. The caller locks the invitations, inside its transaction."""
    count = 0
    for invitation in invitations:
        attended = invitation.family_id in attended_family_ids
        if invitation.attended != attended:
            invitation.attended = attended
            invitation.attendance_recorded_by = by
            invitation.save(update_fields=["attended", "attendance_recorded_by"])
        count += attended
    return count


@transaction.atomic
def supervision_attendance_record(
    *, session: SupervisionSession, attended_family_ids: set[int], by: User
) -> int:
    """Record who came: every invited family is marked as attended or not."""
    return attendance_record(
        session.invitations.select_for_update(), attended_family_ids=attended_family_ids, by=by
    )
