"""Request and response shapes of the JSON API."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from ninja import Field, Schema

from hjemtilos.accounts.models import Role


class Error(Schema):
    detail: str


def answers(
    out: object, *, status: int = 200, refused: tuple[int, ...] = (403, 404, 422)
) -> dict[int, object]:
    """An operation's ``response``: ``out`` with ``status`` on success, ``Error`` for each refusal
    it may give (403: may not, 404: no such object for the caller, 422: invalid)."""
    return {status: out, **dict.fromkeys(refused, Error)}


class Me(Schema):
    id: int
    email: str | None = Field(description="None for a person who signs in with a phone number")
    name: str
    role: Role
    municipality_code: int | None
    preferred_language: str


class MunicipalityOut(Schema):
    code: int
    name: str
    region: str


class SiteOut(Schema):
    """A site. Evaluators get ``id`` and ``name`` only; the other fields are left out."""

    id: int
    name: str
    municipality_code: int | None = None
    child_min_age: int | None = Field(default=None, description="Youngest eligible child age")
    child_max_age: int | None = Field(default=None, description="Oldest eligible child age")
    supervision_interval_months: int | None = Field(
        default=None, description="Group supervision every N months"
    )
    max_travel_minutes: int | None = Field(
        default=None, description="Longest travel time for a match"
    )


class TokenIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    expires_in_days: int = Field(
        default=settings.API_KEY_DEFAULT_DAYS,
        ge=1,
        le=settings.API_KEY_MAX_DAYS,
        description="Days the key is valid; every key expires, at most after a year",
    )


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime


class TokenCreated(TokenOut):
    secret: str
