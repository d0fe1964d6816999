"""The volunteers app's personal data, for the registry in ``privacy.registry`` (docs/retention.md).

A volunteer family with its household, vetting and accounts is the
``volunteer_family`` subject; when it is over (never approved, or left after
its friendships) is decided where the friendships are known
(``friendships.personal_data``).
"""

from __future__ import annotations

from hjemtilos.privacy.registry import (
    ANONYMISED,
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
    Subjects,
    accounts_of,
    register_personal_data,
    rows_of,
    texts,
)
from hjemtilos.volunteers.models import (
    Certificate,
    FamilyEvent,
    FamilyInterview,
    HouseholdChange,
    HouseholdMember,
    VolunteerFamily,
)

FAMILY: Grounds = {
    "subject": Subjects.VOLUNTEER_FAMILY,
    "purpose": Purpose.VOLUNTEER,
    "legal_basis": Basis.VOLUNTEER,
}


def register() -> None:
    register_personal_data(
        *rows_of(
            {**FAMILY, "seen_by": SeenBy.FAMILY},
            (
                VolunteerFamily,
                "",
                (
                    Field("name", Category.IDENTITY, Action.REPLACE, ANONYMISED),
                    Field("street_address", Category.ADDRESS),
                    Field("postal_code", Category.ADDRESS, Action.KEEP),
                    Field("motivation", Category.FREE_TEXT),
                    Field("activities", Category.FREE_TEXT),
                    Field("pets", Category.SOCIAL),
                    Field("languages", Category.SOCIAL),
                    Field("cannot_take_on_other", Category.FREE_TEXT),
                    Field("assessment", Category.FREE_TEXT),
                    Field("status_reason", Category.FREE_TEXT),
                ),
            ),
            (HouseholdMember, "family", (*NAME_FIELDS, *BIRTH_FIELDS, *CONTACT_FIELDS)),
        ),
        *rows_of(
            {**FAMILY, "seen_by": SeenBy.STAFF},
            (FamilyEvent, "family", texts("reason")),
            (Certificate, "member__family", texts("decision_reason")),
            (
                FamilyInterview,
                "family",
                texts("attendees", "support_notes", "motivation", "expectations"),
            ),
            (HouseholdChange, "family", texts("description")),
        ),
        *accounts_of(FAMILY, "household_member__family"),
    )
