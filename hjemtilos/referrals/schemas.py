"""Request and response shapes of the referrals API.

What goes out to a caseworker is the referral's status and dates; nothing
here names or locates a volunteer family.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema

from hjemtilos.core.fields import TEXT_MAX_LENGTH
from hjemtilos.referrals.models import (
    FamilyChildrenWish,
    Language,
    LegalBasis,
    NeedTag,
    PetsWish,
    Referral,
    ReferralStatus,
)


class GuardianIn(Schema):
    first_name: str = Field(max_length=100)
    last_name: str = Field(default="", max_length=100)
    phone: str = Field(default="", max_length=20, description="Danish number, e.g. +45 22 34 56 78")
    email: str = Field(default="", max_length=254)
    preferred_language: Language = Language.DANISH
    interpreter_needed: bool = False


class EnrollmentIn(Schema):
    """The enrollment form (*henvisningsskema*); the field names are the page form's."""

    submit: bool = Field(
        default=False, description="Send to staff now; otherwise it is kept as a draft."
    )
    site_id: int | None = Field(default=None, description="Needed when you can refer to several")
    caseworker_id: int | None = Field(
        default=None, description="Staff only: the caseworker a phone referral came from"
    )
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    date_of_birth: date
    gender: str = Field(default="", max_length=30)
    school: str = Field(default="", max_length=200)
    school_address: str = Field(default="", max_length=200)
    school_postal_code: str = Field(default="", max_length=4)
    languages: str = Field(default="", max_length=200)
    interests: str = Field(default="", max_length=TEXT_MAX_LENGTH)
    need_tags: list[NeedTag] = []
    needs: str = Field(default="", max_length=TEXT_MAX_LENGTH, description="Stored encrypted")
    street_address: str = Field(max_length=200)
    postal_code: str = Field(max_length=4)
    single_parent: bool = False
    network: str = Field(default="", max_length=TEXT_MAX_LENGTH)
    health: str = Field(default="", max_length=TEXT_MAX_LENGTH)
    situation: str = Field(default="", max_length=TEXT_MAX_LENGTH)
    siblings: str = Field(default="", max_length=300)
    sibling_enrolled: bool = False
    guardians: list[GuardianIn] = Field(default=[], max_length=2)
    wish_family_children: FamilyChildrenWish = FamilyChildrenWish.NO_PREFERENCE
    wish_father_figure: bool = False
    wish_pets: PetsWish = PetsWish.NO_PREFERENCE
    allergies: str = Field(default="", max_length=200)
    religion_food: str = Field(default="", max_length=200)
    wishes: str = Field(default="", max_length=TEXT_MAX_LENGTH)
    legal_basis: LegalBasis | None = None
    consent: bool = Field(default=False, description="The parent consents to the referral")
    sharing_consent: bool = Field(
        default=False,
        description="The parent consents to sharing necessary information with a volunteer family",
    )


class SiteRef(Schema):
    id: int
    name: str


class ChildRef(Schema):
    id: int
    first_name: str
    last_name: str
    date_of_birth: date


class ReferralOut(Schema):
    id: int
    status: ReferralStatus
    status_label: str
    site: SiteRef
    child: ChildRef
    legal_basis: str
    created_at: datetime
    submitted_at: datetime | None
    received_at: datetime | None
    home_visit_held_on: date | None
    ready_for_matching_at: datetime | None
    matched_at: datetime | None
    friendship_started_on: date | None = Field(description="The first solo visit, if any")
    friendship_ended_on: date | None
    closed_at: datetime | None
    closed_reason: str

    @classmethod
    def from_referral(cls, referral: Referral) -> ReferralOut:
        child = referral.child
        values: dict[str, Any] = {
            name: getattr(referral, name)
            for name in (
                "created_at",
                "submitted_at",
                "received_at",
                "home_visit_held_on",
                "ready_for_matching_at",
                "matched_at",
                "closed_at",
                "closed_reason",
                "legal_basis",
            )
        }
        return cls(
            id=referral.pk,
            status=ReferralStatus(referral.status),
            status_label=str(ReferralStatus(referral.status).label),
            site=SiteRef(id=referral.site_id, name=referral.site.name),
            child=ChildRef(
                id=child.pk,
                first_name=child.first_name,
                last_name=child.last_name,
                date_of_birth=child.date_of_birth,
            ),
            friendship_started_on=getattr(referral, "friendship_started_on", None),
            friendship_ended_on=getattr(referral, "friendship_ended_on", None),
            **values,
        )


class IntakeItemOut(Schema):
    referral: ReferralOut
    waiting_days: int = Field(description="Days since the referral was submitted")
    home_visit_planned_for: datetime | None

    @classmethod
    def from_referral(cls, referral: Referral, now: datetime) -> IntakeItemOut:
        since = referral.submitted_at or referral.created_at
        visit = getattr(referral, "home_visit", None)
        return cls(
            referral=ReferralOut.from_referral(referral),
            waiting_days=(now - since).days,
            home_visit_planned_for=visit.planned_for if visit else None,
        )


class TransitionIn(Schema):
    to_status: ReferralStatus
    reason: str = Field(default="", max_length=2000)


class NoteIn(Schema):
    text: str = Field(max_length=4000)


class NoteOut(Schema):
    id: int
    created_at: datetime
    text: str


class HomeVisitPlanIn(Schema):
    planned_for: datetime


class HomeVisitIn(Schema):
    held_on: date
    attendees: str = Field(max_length=300)
    child_wishes: str = ""
    motivation: str = ""
    expectations: str = ""
    family_needs: str = ""
    notes: str = ""
