"""Group supervision (SPEC 3, step 14): recording who came to a session.

Planning a session (inviting the families in running friendships) and the
daily task to plan the next one read friendships, so they live in
``friendships.services.supervision``.
"""

from __future__ import annotations

from django.db import transaction

from hjemtilos.accounts.models import User
from hjemtilos.followups.models import SupervisionSession


@transaction.atomic
def supervision_attendance_record(
    *, session: SupervisionSession, attended_family_ids: set[int], by: User
) -> int:
    """Record who came: every invited family is marked as attended or not."""
    count = 0
    for invitation in session.invitations.select_for_update():
        attended = invitation.family_id in attended_family_ids
        if invitation.attended != attended:
            invitation.attended = attended
            invitation.attendance_recorded_by = by
            invitation.save(update_fields=["attended", "attendance_recorded_by"])
        count += attended
    return count
