"""Support's personal data, for ``privacy.registry`` (docs/retention.md).

Conversations and the psychologist talk go with the friendship.
"""

from __future__ import annotations

from hjemtilos.privacy.registry import (
    Basis,
    Category,
    Purpose,
    SeenBy,
    Shared,
    Subjects,
    register_personal_data,
    rows_of,
    texts,
)
from hjemtilos.support.models import (
    PsychologistConversation,
    PsychologistEvent,
    SupportConversation,
)

SUPPORT: Shared = {
    "subject": Subjects.FRIENDSHIP,
    "purpose": Purpose.VOLUNTEER,
    "legal_basis": Basis.VOLUNTEER,
    "seen_by": SeenBy.STAFF,
}


def register() -> None:
    register_personal_data(
        *rows_of(
            SUPPORT,
            (SupportConversation, "friendship", texts("topic", "next_step")),
            (PsychologistConversation, "friendship", texts("reason", category=Category.HEALTH)),
            (
                PsychologistEvent,
                "conversation__friendship",
                texts("note", category=Category.HEALTH),
            ),
        )
    )
