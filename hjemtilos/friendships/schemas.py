"""Request and response shapes of the friendships API."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from hjemtilos.friendships.models import CancelReason, LogbookTag, Mood, Side, VisitStatus

LOCAL_TIME = "Copenhagen time of day with that day's UTC offset (+01:00 winter, +02:00 summer)"


class VisitOut(Schema):
    id: int
    friendship_id: int
    child_first_name: str
    date: dt.date
    pickup_time: str | None = Field(
        description=LOCAL_TIME, json_schema_extra={"format": "time", "example": "14:30:00+01:00"}
    )
    dropoff_time: str | None = Field(
        description=LOCAL_TIME, json_schema_extra={"format": "time", "example": "18:30:00+01:00"}
    )
    status: VisitStatus
    holiday: str = Field(description="The holiday's name if the visit falls on one")
    needs_holiday_decision: bool
    moved_from: dt.date | None
    cancel_reason: str


class CancelIn(Schema):
    reason: CancelReason
    note: str = Field(default="", max_length=500)
    side: Side | None = Field(
        default=None, description="Staff only: whose cancellation. Families act for their own."
    )


class MoveIn(Schema):
    new_date: dt.date
    pickup_time: dt.time | None = None
    note: str = Field(default="", max_length=500)
    side: Side | None = Field(default=None, description="Staff only, as for cancelling")


class LogbookIn(Schema):
    visit_id: int
    rating: int = Field(ge=1, le=5, description="How it went, 1 (very badly) to 5 (very well)")
    mood: Mood
    tags: list[LogbookTag] = Field(default_factory=list, max_length=len(LogbookTag.choices))
    text: str = Field(default="", max_length=4000)
    follow_up_text: str = Field(default="", max_length=2000)
    overnight_stay: bool
    worried: bool = False
    worry_text: str = Field(default="", max_length=4000)


class LogbookOut(Schema):
    id: int
    visit_id: int | None
    written_at: dt.datetime = Field(description="With its UTC offset")
    concern_raised: bool
