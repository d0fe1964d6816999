"""Matching's personal data, for ``privacy.registry`` (docs/retention.md).

Proposals, declined pairs and friendship books go with the child's course.
"""

from __future__ import annotations

from hjemtilos.matching.models import BookPhoto, DeclinedPair, FriendshipBook, MatchProposal
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
    rows_of,
    texts,
)

MATCHING: Shared = {
    "subject": Subjects.CHILD,
    "purpose": Purpose.REFERRAL,
    "legal_basis": Basis.CONSENT,
    "seen_by": SeenBy.STAFF,
}


def register() -> None:
    register_personal_data(
        *rows_of(
            MATCHING,
            (MatchProposal, "child", texts("parent_reason", "family_reason", "closed_reason")),
            (DeclinedPair, "child", texts("reason")),
            (FriendshipBook, "proposal__child", texts("about", "likes", "home", "pets")),
        ),
        PersonalData(
            BookPhoto,
            **MATCHING,
            path="book__proposal__child",
            fields=(Field("image", Category.PHOTO), Field("caption", Category.FREE_TEXT)),
            delete_rows=True,
        ),
    )
