"""The volunteers app's personal data, for the registry in ``privacy.registry`` (docs/retention.md).

A volunteer family with its household, vetting and accounts is the
``volunteer_family`` subject; when it is over (never approved, or left after
its friendships) is decided where the friendships are known
(``friendships.personal_data``).
"""

from __future__ import annotations

from hjemtilos.accounts.models import AccountEvent, Invitation, User
from hjemtilos.privacy.registry import (
    ACCOUNT_FIELDS,
    ANONYMISED,
    Action,
    Basis,
    Category,
    Field,
    Grounds,
    PersonalData,
    Purpose,
    SeenBy,
    Subjects,
    register_personal_data,
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
        PersonalData(
            VolunteerFamily,
            **FAMILY,
            seen_by=SeenBy.FAMILY,
            fields=(
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
        PersonalData(
            HouseholdMember,
            **FAMILY,
            path="family",
            seen_by=SeenBy.FAMILY,
            fields=(
                Field("first_name", Category.IDENTITY, Action.REPLACE, ANONYMISED),
                Field("last_name", Category.IDENTITY),
                Field("date_of_birth", Category.IDENTITY, Action.COARSEN),
                Field("gender", Category.IDENTITY, Action.KEEP),
                Field("email", Category.CONTACT),
                Field("phone", Category.CONTACT),
            ),
        ),
        PersonalData(
            FamilyEvent,
            **FAMILY,
            path="family",
            seen_by=SeenBy.STAFF,
            fields=(Field("reason", Category.FREE_TEXT),),
        ),
        PersonalData(
            Certificate,
            **FAMILY,
            path="member__family",
            seen_by=SeenBy.STAFF,
            fields=(Field("decision_reason", Category.FREE_TEXT),),
        ),
        PersonalData(
            FamilyInterview,
            **FAMILY,
            path="family",
            seen_by=SeenBy.STAFF,
            fields=tuple(
                Field(name, Category.FREE_TEXT)
                for name in ("attendees", "support_notes", "motivation", "expectations")
            ),
        ),
        PersonalData(
            HouseholdChange,
            **FAMILY,
            path="family",
            seen_by=SeenBy.STAFF,
            fields=(Field("description", Category.FREE_TEXT),),
        ),
        PersonalData(
            User,
            **FAMILY,
            path="household_member__family",
            seen_by=SeenBy.ACCOUNT,
            fields=ACCOUNT_FIELDS,
        ),
        PersonalData(
            Invitation,
            **FAMILY,
            path="user__household_member__family",
            seen_by=SeenBy.ACCOUNT,
            fields=(Field("sent_to", Category.CONTACT),),
        ),
        PersonalData(
            AccountEvent,
            **FAMILY,
            path="user__household_member__family",
            seen_by=SeenBy.ACCOUNT,
            fields=(Field("reason", Category.FREE_TEXT), Field("details", Category.CONTACT)),
        ),
    )
