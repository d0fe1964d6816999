"""Writes for friendships, split by subject: the year's start (``year``), the calendar
(``calendar``), visits (``visits``), the logbook (``logbook``), the end (``ending``),
calendar feeds (``feeds``) and the attention job (``attention``).

``friendship_create_from_match`` is the contract with matching and is kept here.
"""

from hjemtilos.friendships.services.year import (
    FRIENDSHIP_WORKFLOW,
    agreement_change,
    first_meeting_record,
    friendship_create_from_match,
    friendship_first_meeting_plan,
    friendship_transition,
)

__all__ = [
    "FRIENDSHIP_WORKFLOW",
    "agreement_change",
    "first_meeting_record",
    "friendship_create_from_match",
    "friendship_first_meeting_plan",
    "friendship_transition",
]
