"""Request and response shapes of the matching API."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from hjemtilos.matching.models import ProposalStatus, Side, SuggestionRunStatus


class FactorOut(Schema):
    factor: str = Field(description="travel, age_fit, wishes, interests, capacity or waiting")
    label: str
    score: float = Field(description="0–1")
    weight: int
    points: float = Field(description="What the factor adds to the total (0–100)")
    text: str = Field(description="The plain-language explanation")


class CandidateOut(Schema):
    family_id: int
    family_name: str
    place: str
    total: float = Field(description="Points 0–100")
    minutes: int = Field(description="Estimated travel time, the longer of the two trips")
    transport: str
    factors: list[FactorOut]
    warnings: list[str]


class ExclusionOut(Schema):
    reason: str
    label: str
    count: int


class RankingOut(Schema):
    referral_id: int
    pool: int = Field(description="The site's families in the programme")
    free: int = Field(description="Approved, vetted and free families")
    allowed: int = Field(description="Families that may be proposed for this child")
    candidates: list[CandidateOut]
    family_exclusions: list[ExclusionOut]
    pair_exclusions: list[ExclusionOut]


class ProposalIn(Schema):
    referral_id: int
    family_id: int


class AnswerIn(Schema):
    side: Side
    accepted: bool
    reason: str = Field(default="", max_length=2000, description="Required when not accepted")


class ProposalOut(Schema):
    id: int
    referral_id: int
    family_id: int
    status: ProposalStatus
    score: float
    parent_answer: str
    family_answer: str
    created_at: datetime
    accepted_at: datetime | None
    first_meeting_at: datetime | None
    friendship_id: int | None


class SuggestionOut(Schema):
    site_id: int
    created_at: datetime = Field(description="When staff asked for it")
    status: SuggestionRunStatus
    started_at: datetime | None = Field(description="When a task worker began computing it")
    finished_at: datetime | None
    children: int
    families: int
    optimal_pairs: int
    optimal_total: float
    greedy_pairs: int
    greedy_total: float
    seconds: float
    rows: list[list[float | int | None]] = Field(
        description="[referral id, optimal family id, score, greedy family id, score]"
    )
