"""Shapes of the follow-up tasks API."""

from __future__ import annotations

from datetime import date

from ninja import Schema

from hjemtilos.followups.models import FollowUpKind


class TaskOut(Schema):
    id: int
    group: str
    kind: FollowUpKind
    title: str
    description: str
    due_on: date
    is_urgent: bool
    site: str
    friendship_id: int | None
    referral_id: int | None
    volunteer_family_id: int | None
    concern_id: int | None
    attempts: int
