"""The referrals app's personal data, for the registry in ``privacy.registry`` (docs/retention.md).

A child's course (the child, the referral and everything staff wrote while
enrolling and screening) is the ``child`` subject; the child's own family and
its parents are the ``birth_family`` subject, anonymised once all its children
are. When a course is over is decided where the friendships are known
(``friendships.personal_data``).
"""

from __future__ import annotations

from hjemtilos.privacy.registry import (
    BIRTH_FIELDS,
    CONTACT_FIELDS,
    NAME_FIELDS,
    Action,
    Basis,
    Category,
    Field,
    Grounds,
    Purpose,
    SeenBy,
    Shared,
    Subjects,
    accounts_of,
    register_personal_data,
    rows_of,
    texts,
)
from hjemtilos.referrals.models import (
    BirthFamily,
    Child,
    Guardian,
    HomeVisit,
    Referral,
    ReferralEvent,
    ReferralNote,
)

CHILD: Grounds = {
    "subject": Subjects.CHILD,
    "purpose": Purpose.REFERRAL,
    "legal_basis": Basis.CONSENT,
}
BIRTH_FAMILY: Grounds = {
    "subject": Subjects.BIRTH_FAMILY,
    "purpose": Purpose.REFERRAL,
    "legal_basis": Basis.CONSENT,
}


def register() -> None:
    case: Shared = {**CHILD, "seen_by": SeenBy.CASE}
    register_personal_data(
        *rows_of(
            case,
            (
                Child,
                "",
                (
                    *NAME_FIELDS,
                    *BIRTH_FIELDS,
                    Field("school", Category.ADDRESS),
                    Field("school_address", Category.ADDRESS),
                    Field("school_postal_code", Category.ADDRESS),
                    Field("languages", Category.SOCIAL),
                    Field("interests", Category.FREE_TEXT),
                    Field("need_tags", Category.HEALTH, Action.KEEP),
                    Field("needs", Category.HEALTH),
                ),
            ),
            (
                Referral,
                "child",
                (
                    Field("allergies", Category.HEALTH),
                    Field("religion_food", Category.SOCIAL),
                    Field("wishes", Category.FREE_TEXT),
                    Field("closed_reason", Category.FREE_TEXT),
                ),
            ),
            (ReferralEvent, "referral__child", texts("reason")),
        ),
        *rows_of(
            {**CHILD, "seen_by": SeenBy.STAFF},
            (
                HomeVisit,
                "referral__child",
                texts(
                    "attendees",
                    "child_wishes",
                    "motivation",
                    "expectations",
                    "family_needs",
                    "notes",
                ),
            ),
        ),
        *rows_of(case, (ReferralNote, "referral__child", texts("text"))),
        *rows_of(
            {**BIRTH_FAMILY, "seen_by": SeenBy.CASE},
            (
                BirthFamily,
                "",
                (
                    Field("street_address", Category.ADDRESS),
                    Field("postal_code", Category.ADDRESS, Action.KEEP),
                    Field("network", Category.SOCIAL),
                    Field("health", Category.HEALTH),
                    Field("situation", Category.SOCIAL),
                    Field("siblings", Category.SOCIAL),
                ),
            ),
            (Guardian, "family", (*NAME_FIELDS, *CONTACT_FIELDS)),
        ),
        *accounts_of(BIRTH_FAMILY, "guardian__family"),
    )
