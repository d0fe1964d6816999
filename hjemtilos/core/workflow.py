"""A small, explicit status machine shared by referrals, families and friendships.

Each domain declares which moves are allowed and which need a reason; the
owning app's service calls ``check_transition`` before it changes a status, so
no view or API can skip a step or go back silently.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Workflow:
    """Allowed moves between statuses, in the programme's forward order."""

    statuses: type[models.TextChoices]
    order: Sequence[str]
    moves: Mapping[str, frozenset[str]]
    # Statuses one may only move to with a written reason (e.g. withdrawn).
    reason_required: frozenset[str] = field(default_factory=frozenset)

    def allowed_from(self, status: str) -> frozenset[str]:
        return self.moves.get(status, frozenset())

    def is_backward(self, from_status: str, to_status: str) -> bool:
        return self.order.index(to_status) < self.order.index(from_status)

    def needs_reason(self, from_status: str, to_status: str) -> bool:
        return to_status in self.reason_required or self.is_backward(from_status, to_status)

    def next_steps(
        self, from_status: str, *, allowed: Callable[[str], bool] = lambda status: True
    ) -> list[dict[str, object]]:
        """The moves from ``from_status`` that ``allowed`` permits, in the programme's order,
        each with its label and whether it needs a reason (for the status buttons)."""
        return [
            {
                "status": target,
                "label": self.statuses(target).label,
                "needs_reason": self.needs_reason(from_status, target),
            }
            for target in self.order
            if target in self.allowed_from(from_status) and allowed(target)
        ]

    def check(self, from_status: str, to_status: str, reason: str) -> None:
        """Raise ``ValidationError`` (with a message for the user) if the move is not allowed."""
        if to_status not in self.allowed_from(from_status):
            raise ValidationError(
                _("The status cannot change from “%(from)s” to “%(to)s”."),
                code="transition_not_allowed",
                params={
                    "from": self.statuses(from_status).label,
                    "to": self.statuses(to_status).label,
                },
            )
        if self.needs_reason(from_status, to_status) and not reason.strip():
            raise ValidationError(
                {"reason": _("Give a reason for this change.")}, code="reason_required"
            )
