"""Children and families as columns of numbers: what the engine compares.

The engine compares every child with every family with numpy, so each fact
it needs becomes one array: bit masks for weekdays, needs, animals and the
ages of the family's own children, points as 3-d vectors, codes for wishes
and transport. Free text is read once per child and family (``text``), never
per pair. ``loading`` fills these tables from the database.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from functools import lru_cache
from typing import Any, TypeVar

import numpy as np

from hjemtilos.referrals.models import NeedTag
from hjemtilos.volunteers.models import (
    FAMILY_IN_PROGRAMME_STATUSES,
    Capacity,
    VolunteerFamilyStatus,
    Weekday,
)

NEED_BITS = {tag: 1 << index for index, tag in enumerate(NeedTag.values)}
# Needs that call for a family with ample capacity (*overskud*): SPEC 3 step 6 names
# "marked attention disorders"; autism is treated alike.
MARKED_NEEDS = frozenset({NeedTag.ADHD, NeedTag.AUTISM})
CAPACITY_LEVEL = {Capacity.LIMITED: 0, Capacity.GOOD: 1, Capacity.AMPLE: 2, "": 1}
WISH_CODES = {"": 0, "older": 1, "same_age": 2, "younger": 3, "none_at_home": 4}
PET_WISH_CODES = {"": 0, "would_like": 1, "none": 2}
# ``need_level``: no recorded needs, some, or marked (ADHD, autism, or this many needs or more).
NEEDS_NONE, NEEDS_SOME, NEEDS_MARKED = 0, 1, 2
MARKED_FROM_NEED_COUNT = 2
_WEEKDAY_NUMBERS = frozenset(Weekday.values)

# Families staff think of as "in the programme": the pool a child's
# candidates come from; the ones that are not approved are counted as excluded.
POOL_STATUSES = FAMILY_IN_PROGRAMME_STATUSES
# A matched family may take one more child when staff set ``max_children`` above one.
MATCHABLE_STATUSES = (VolunteerFamilyStatus.APPROVED, VolunteerFamilyStatus.MATCHED)


def weekday_mask(days: Iterable[Any]) -> int:
    mask = 0
    for day in days or ():
        try:
            number = int(day)
        except (TypeError, ValueError):
            continue
        if number in _WEEKDAY_NUMBERS:
            mask |= 1 << number
    return mask


def need_mask(tags: Iterable[str]) -> int:
    mask = 0
    for tag in tags or ():
        mask |= NEED_BITS.get(tag, 0)
    return mask


def need_level(tags: Iterable[str]) -> int:
    """0: no recorded needs; 1: some; 2: marked (ADHD, autism, or two needs or more)."""
    tags = [t for t in tags or () if t in NEED_BITS]
    if not tags:
        return NEEDS_NONE
    if MARKED_NEEDS & set(tags) or len(tags) >= MARKED_FROM_NEED_COUNT:
        return NEEDS_MARKED
    return NEEDS_SOME


@dataclass
class Children:
    """Waiting children as arrays; index ``i`` is one child (one referral)."""

    referral_ids: np.ndarray
    child_ids: np.ndarray
    birth_family_ids: np.ndarray
    names: list[str]
    age: np.ndarray  # whole years, int16
    need_mask: np.ndarray  # uint8
    need_level: np.ndarray  # int8: 0, 1, 2
    need_tags: list[list[str]]
    weekdays: np.ndarray  # uint8 mask, bit 0 = Monday
    home: np.ndarray  # (n, 3) km
    pickup: np.ndarray  # (n, 3) km; the home when no school is given
    home_label: list[str]
    pickup_label: list[str]
    has_pickup: np.ndarray  # bool
    wish_children: np.ndarray  # int8 WISH_CODES
    wish_father: np.ndarray  # bool
    wish_pets: np.ndarray  # int8 PET_WISH_CODES
    allergy_mask: np.ndarray  # uint16
    allergies: list[str]
    interests: list[frozenset[str]]
    languages: list[frozenset[str]]  # besides Danish
    waited_days: np.ndarray  # int32
    received_at: list[datetime | None]

    def __len__(self) -> int:
        return len(self.referral_ids)

    def take(self, rows: np.ndarray) -> Children:
        """The children at ``rows``, in that order."""
        return _take(self, rows)


@dataclass
class Families:
    """Candidate families as arrays; index ``j`` is one family."""

    ids: np.ndarray
    names: list[str]
    statuses: list[str]
    approved: np.ndarray  # bool: status lets them take a child
    vetting_complete: np.ndarray  # bool
    has_room: np.ndarray  # bool: fewer active friendships than max_children
    transport: list[str]
    minutes_per_km: np.ndarray  # float32
    overhead_minutes: np.ndarray  # float32
    weekdays: np.ndarray  # uint8
    age_min: np.ndarray  # int16
    age_max: np.ndarray  # int16
    cannot_mask: np.ndarray  # uint8
    capacity: np.ndarray  # int8: 0, 1, 2
    pet_mask: np.ndarray  # uint16
    has_pets: np.ndarray  # bool
    pets: list[str]
    has_man: np.ndarray  # bool: an adult man lives there
    kids_mask: np.ndarray  # uint32: bit a = an own child aged a (under 18) at home
    kid_ages: list[list[int]]
    home: np.ndarray  # (n, 3) km
    home_label: list[str]
    activities: list[frozenset[str]]
    languages: list[frozenset[str]]
    index: dict[int, int] = field(default_factory=dict)
    # Token → the positions of the families that have it (shared interests without a loop).
    activity_postings: dict[str, np.ndarray] = field(default_factory=dict)
    language_postings: dict[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.activity_postings:
            self.activity_postings = postings(self.activities)
        if not self.language_postings:
            self.language_postings = postings(self.languages)

    def freeze(self) -> Families:
        """Make every array read-only: one table is shared by all requests (and threads)."""
        arrays = [value for value in vars(self).values() if isinstance(value, np.ndarray)]
        arrays += [*self.activity_postings.values(), *self.language_postings.values()]
        for array in arrays:
            array.flags.writeable = False
        return self

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, cols: np.ndarray) -> Families:
        """The families at ``cols``, in that order."""
        taken = _take(self, cols)
        return replace(
            taken,
            index={int(pk): j for j, pk in enumerate(taken.ids.tolist())},
            activity_postings=postings(taken.activities),
            language_postings=postings(taken.languages),
        )


def postings(sets: list[frozenset[str]]) -> dict[str, np.ndarray]:
    found: dict[str, list[int]] = {}
    for j, tokens in enumerate(sets):
        for token in tokens:
            found.setdefault(token, []).append(j)
    return {token: np.array(js, dtype=np.int64) for token, js in found.items()}


_Table = TypeVar("_Table", Children, Families)


def _take(table: _Table, positions: np.ndarray) -> _Table:
    picked: dict[str, Any] = {}
    for column in fields(table):
        value = getattr(table, column.name)
        if isinstance(value, np.ndarray):
            picked[column.name] = value[positions]
        elif isinstance(value, list):
            picked[column.name] = [value[k] for k in positions.tolist()]
    return replace(table, **picked)


@lru_cache(maxsize=4096)
def _json_list(text: str | None) -> tuple[Any, ...]:
    if not text:
        return ()
    try:
        value = json.loads(text)
    except ValueError:
        return ()
    return tuple(value) if isinstance(value, list) else ()


@lru_cache(maxsize=1024)
def weekday_mask_text(text: str | None) -> int:
    return weekday_mask(_json_list(text))


@lru_cache(maxsize=1024)
def need_mask_text(text: str | None) -> int:
    return need_mask(_json_list(text))


def ages_on(born: Any, today: date) -> np.ndarray:
    """Whole years on ``today`` for many dates of birth (a birthday counts on the day).

    Accepts dates or ISO strings (SQLite); each date becomes one number
    ``yyyymmdd`` so the comparison with the birthday is one array operation.
    """
    packed = np.array(
        [
            b.year * 10000 + b.month * 100 + b.day
            if isinstance(b, date)
            else int(str(b)[:10].replace("-", ""))
            for b in born
        ],
        dtype=np.int64,
    )
    before_birthday = packed % 10000 > today.month * 100 + today.day
    return today.year - packed // 10000 - before_birthday


@dataclass
class Blocks:
    """Facts about pairs rather than sides: open proposals, declines, early endings."""

    open_children: set[int]  # child ids in an open proposal
    open_families: set[int]  # family ids in an open proposal
    declined: set[tuple[int, int]]  # (child id, family id)
    ended_early: set[tuple[int, int]]  # (birth family id, family id)
    ended_early_children: dict[tuple[int, int], str]  # → first name of the child it was
