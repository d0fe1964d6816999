"""Request and response shapes of the JSON API."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema


class Error(Schema):
    detail: str


class Me(Schema):
    id: int
    email: str
    name: str
    role: str
    municipality_code: int | None
    preferred_language: str


class MunicipalityOut(Schema):
    code: int
    name: str
    region: str


class SiteOut(Schema):
    id: int
    name: str
    municipality_code: int
    child_min_age: int
    child_max_age: int
    supervision_interval_months: int
    max_travel_minutes: int


class TokenIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    expires_in_days: int | None = Field(default=None, ge=1, le=730)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None


class TokenCreated(TokenOut):
    secret: str
