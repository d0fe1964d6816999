"""Request and response shapes of the friendships API."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class VisitOut(Schema):
    id: int
    friendship_id: int
    child_first_name: str
    date: dt.date
    pickup_time: dt.time | None
    dropoff_time: dt.time | None
    status: str
    holiday: str = Field(description="The holiday's name if the visit falls on one")
    needs_holiday_decision: bool
    moved_from: dt.date | None
    cancel_reason: str


class CancelIn(Schema):
    reason: str = Field(description="illness, other_plans, holiday, child_not_ready or other")
    note: str = Field(default="", max_length=500)
    side: str | None = Field(
        default=None,
        description="Staff only: child_family or volunteer_family. Families act for their own.",
    )


class MoveIn(Schema):
    new_date: dt.date
    pickup_time: dt.time | None = None
    note: str = Field(default="", max_length=500)
    side: str | None = Field(default=None, description="Staff only, as for cancelling")


class LogbookIn(Schema):
    visit_id: int
    rating: int = Field(ge=1, le=5, description="How it went, 1 (very badly) to 5 (very well)")
    mood: str = Field(description="happy, content, mixed, sad or upset")
    tags: list[str] = Field(default_factory=list)
    text: str = Field(default="", max_length=4000)
    follow_up_text: str = Field(default="", max_length=2000)
    overnight_stay: bool
    worried: bool = False
    worry_text: str = Field(default="", max_length=4000)


class LogbookOut(Schema):
    id: int
    visit_id: int | None
    written_at: str
    concern_raised: bool
