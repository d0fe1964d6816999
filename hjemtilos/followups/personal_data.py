"""The follow-up tasks' personal data, for ``privacy.registry`` (docs/retention.md).

A task is about a referral, a volunteer family, a friendship or a concern, so
it is registered under each of those subjects: whichever is anonymised first
takes the task's titles and notes with it.
"""

from __future__ import annotations

from hjemtilos.followups.models import FollowUpTask, FollowUpTaskAttempt
from hjemtilos.privacy.registry import (
    ANONYMISED,
    Action,
    Basis,
    Category,
    Field,
    Purpose,
    SeenBy,
    Subjects,
    register_personal_data,
    rows_of,
    texts,
)

TASK_FIELDS = (
    Field("title", Category.IDENTITY, Action.REPLACE, ANONYMISED),
    Field("family_title", Category.IDENTITY),
    Field("description", Category.FREE_TEXT),
    Field("outcome", Category.FREE_TEXT),
)
# (subject, the task's link to it, purpose)
LINKS = (
    (Subjects.CHILD, "referral__child", Purpose.REFERRAL),
    (Subjects.VOLUNTEER_FAMILY, "volunteer_family", Purpose.VOLUNTEER),
    (Subjects.FRIENDSHIP, "friendship", Purpose.FRIENDSHIP),
    (Subjects.CONCERN, "concern", Purpose.SAFEGUARDING),
)


def register() -> None:
    for subject, path, purpose in LINKS:
        register_personal_data(
            *rows_of(
                {
                    "subject": subject,
                    "purpose": purpose,
                    "legal_basis": Basis.INTEREST,
                    "seen_by": SeenBy.STAFF,
                },
                (FollowUpTask, path, TASK_FIELDS),
                (FollowUpTaskAttempt, f"task__{path}", texts("note")),
            )
        )
