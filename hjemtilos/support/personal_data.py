"""Support's personal data, for ``privacy.registry`` (docs/retention.md).

Conversations and the psychologist talk go with the friendship.
"""

from __future__ import annotations

from hjemtilos.privacy.registry import (
    Basis,
    Category,
    Field,
    PersonalData,
    Purpose,
    SeenBy,
    Shared,
    Subjects,
    register_personal_data,
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
        PersonalData(
            SupportConversation,
            **SUPPORT,
            path="friendship",
            fields=texts("topic", "next_step"),
        ),
        PersonalData(
            PsychologistConversation,
            **SUPPORT,
            path="friendship",
            fields=(Field("reason", Category.HEALTH),),
        ),
        PersonalData(
            PsychologistEvent,
            **SUPPORT,
            path="conversation__friendship",
            fields=(Field("note", Category.HEALTH),),
        ),
    )
