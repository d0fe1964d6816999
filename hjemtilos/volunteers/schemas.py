"""JSON shapes of the volunteers API."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from hjemtilos.volunteers.models import RecruitmentChannel, VolunteerFamilyStatus


class GapOut(Schema):
    requirement: str = Field(description="e.g. certificate:child_protection, online_course")
    message: str
    member_id: int | None = Field(default=None, description="None: the family as a whole")


class FamilyListOut(Schema):
    id: int
    name: str
    site_id: int
    status: VolunteerFamilyStatus
    vetting_complete: bool
    postal_code: str
    member_count: int
    applied_at: datetime
    contact_person: str | None


class CertificateOut(Schema):
    kind: str
    requested_on: date | None
    received_on: date | None
    result: str
    remarks_decision: str


class MemberOut(Schema):
    id: int
    first_name: str
    last_name: str
    age: int
    moved_out_on: date | None
    course_completed_on: date | None
    certificates: list[CertificateOut]
    accepted: list[str] = Field(description="Policy documents whose current version is accepted")


class FamilyOut(FamilyListOut):
    street_address: str
    recruitment_channel: RecruitmentChannel
    capacity: str
    max_children: int
    weekdays: list[int]
    child_age_min: int
    child_age_max: int
    cannot_take_on: list[str]
    approved_at: datetime | None
    members: list[MemberOut]
    gaps: list[GapOut]


class TransitionIn(Schema):
    to_status: VolunteerFamilyStatus
    reason: str = ""


class PortalMemberOut(Schema):
    first_name: str
    last_name: str
    age: int


class ContactOut(Schema):
    name: str
    email: str
    phone: str


class PortalOut(Schema):
    """The volunteer's own household, as the portal shows it."""

    name: str
    status: VolunteerFamilyStatus
    street_address: str
    postal_code: str
    vetting_complete: bool
    members: list[PortalMemberOut]
    missing: list[str]
    contact_person: ContactOut | None
