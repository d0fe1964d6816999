"""The scoring engine: hard constraints and soft factors, vectorised with numpy.

Every rule is written once against a ``Space``: either the full matrix of
children × families (each child's array seen as a column, each family's as a
row, so numpy broadcasts) or a list of chosen pairs (both sides indexed by
the pairs). No rule loops over pairs in Python; at 5,000 × 5,000 each rule
is a handful of array operations.

Hard constraints (a pair is never proposed), in the issue's order:
``not_approved``, ``no_room``, ``vetting``, ``age``, ``needs``, ``weekday``,
``travel``, ``ended_early`` (a warning instead where the site chooses so);
plus ``declined`` (the pair was declined before) and ``open_proposal``.

Soft factors, each 0–1 (docs/decisions/0020-matching-score.md):

* ``travel`` — 1 − minutes / the site's limit.
* ``age_fit`` — the family's own children against the child's wish: older
  (1 if one is 1–6 years older, 0.5 if only older still), same age (1 within
  a year, 0.6 within two, 0.3 within three), younger (mirror of older), no
  children at home (1 or 0); no wish: 1.
* ``wishes`` — the mean of the wishes made: father figure (an adult man
  lives there), pets (would like / none), allergies (no animal the child is
  allergic to); no wishes: 1.
* ``interests`` — two thirds interests (1 with two shared, or all of the
  child's when fewer; 0.5 unknown), one third languages (1 when the family
  speaks the child's home language or the child speaks only Danish, else 0.5).
* ``capacity`` — 1 − 0.5 × how many steps the family's capacity falls
  short of the child's needs (none / some / marked).
* ``waiting`` — days since the referral was received / 180, at most 1. The
  same for every family: it decides which child gets a scarce family in the
  site-wide suggestion, not the order of one child's list.

The total is the weighted mean × 100 (points), rounded to 0.1.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.spatial.distance import cdist

from hjemtilos.core.dates import ADULT_AGE
from hjemtilos.matching import geo
from hjemtilos.matching.features import PET_WISH_CODES, WISH_CODES, Blocks, Children, Families
from hjemtilos.matching.models import DEFAULT_WEIGHTS

FACTORS = tuple(DEFAULT_WEIGHTS)
WAITING_FULL_DAYS = 180
FAMILY_REASONS = ("not_approved", "no_room", "vetting", "open_proposal")
PAIR_REASONS = ("age", "needs", "weekday", "travel", "ended_early", "declined")
REASONS = (
    "not_approved",
    "no_room",
    "vetting",
    "age",
    "needs",
    "weekday",
    "travel",
    "ended_early",
    "declined",
    "open_proposal",
)
FORBIDDEN = -np.inf


@dataclass(frozen=True)
class Rules:
    """A site's matching rules: the factor weights, the travel limit, the early-ending rule."""

    weights: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    max_minutes: float = 30.0
    early_ending_blocks: bool = True


class Space:
    """Pairs to score: the whole matrix, or the pairs ``(rows[k], cols[k])``."""

    def __init__(
        self,
        children: Children,
        families: Families,
        rows: np.ndarray | None = None,
        cols: np.ndarray | None = None,
    ) -> None:
        self.children = children
        self.families = families
        self.matrix = rows is None
        self.rows = rows if rows is not None else np.zeros(0, dtype=np.int64)
        self.cols = cols if cols is not None else np.zeros(0, dtype=np.int64)

    @property
    def shape(self) -> tuple[int, ...]:
        if self.matrix:
            return (len(self.children), len(self.families))
        return (len(self.rows),)

    def c(self, values: np.ndarray) -> np.ndarray:
        """A child-side array, shaped to meet the family side."""
        return values[:, None] if self.matrix else values[self.rows]

    def f(self, values: np.ndarray) -> np.ndarray:
        return values[None, :] if self.matrix else values[self.cols]

    def distance(self, child_points: np.ndarray, family_points: np.ndarray) -> np.ndarray:
        """Great-circle distances in km (the chord; see ``geo``)."""
        if self.matrix:
            distances: np.ndarray = cdist(child_points, family_points)  # scipy has no types
            return distances
        diff = child_points[self.rows] - family_points[self.cols]
        chords: np.ndarray = np.sqrt((diff * diff).sum(axis=1))
        return chords

    def shared(
        self,
        child_sets: list[frozenset[str]],
        family_sets: list[frozenset[str]],
        postings: dict[str, np.ndarray],
    ) -> Any:
        """How many tokens each child shares with each family.

        Matrix: one matrix product over the tokens both sides use, the
        family side built from ``postings`` (token → families) without a loop
        over the families.
        """
        if not self.matrix:
            return np.array(
                [
                    len(child_sets[i] & family_sets[j])
                    for i, j in zip(self.rows, self.cols, strict=True)
                ],
                dtype=np.float32,
            ).reshape(self.shape)
        vocabulary = sorted(set().union(*child_sets) & postings.keys()) if child_sets else []
        if not vocabulary:
            return np.zeros(self.shape, dtype=np.float32)
        position = {token: k for k, token in enumerate(vocabulary)}
        left = np.zeros((len(child_sets), len(vocabulary)), dtype=np.float32)
        for i, tokens in enumerate(child_sets):
            hits = [position[t] for t in tokens if t in position]
            if hits:
                left[i, hits] = 1
        right = np.zeros((len(vocabulary), self.shape[1]), dtype=np.float32)
        for k, token in enumerate(vocabulary):
            right[k, postings[token]] = 1
        return left @ right

    def pair_in(self, child_keys: np.ndarray, pairs: set[tuple[int, int]]) -> np.ndarray:
        """True where (child key, family id) is in ``pairs`` (a loop over ``pairs`` only)."""
        family_ids = self.families.ids
        if not self.matrix:
            return np.array(
                [
                    (int(child_keys[i]), int(family_ids[j])) in pairs
                    for i, j in zip(self.rows, self.cols, strict=True)
                ],
                dtype=bool,
            ).reshape(self.shape)
        found = np.zeros(self.shape, dtype=bool)
        if not pairs:
            return found
        rows_by_key: dict[int, list[int]] = {}
        for i, key in enumerate(child_keys.tolist()):
            rows_by_key.setdefault(key, []).append(i)
        for key, family_id in pairs:
            j = self.families.index.get(family_id)
            if j is not None and key in rows_by_key:
                found[rows_by_key[key], j] = True
        return found

    def rows_where(self, child_mask: np.ndarray) -> Any:
        """An index selecting the entries of the children in ``child_mask``."""
        return child_mask if self.matrix else child_mask[self.rows]

    def by_child_key(self, rule: Callable[[Space], np.ndarray], *keys: np.ndarray) -> np.ndarray:
        """``rule`` evaluated once per distinct combination of ``keys`` and spread to every child.

        A rule that reads only these child attributes (age and wish, say) gives
        the same row for children alike, so a matrix of 5,000 children needs
        the rule on a few dozen rows and one gather.
        """
        if not self.matrix or len(self.children) <= 1:
            return rule(self)
        stacked = np.stack([np.asarray(k, dtype=np.int64) for k in keys], axis=1)
        _unique, first, inverse = np.unique(stacked, axis=0, return_index=True, return_inverse=True)
        table = rule(Space(self.children.take(first), self.families))
        table = np.broadcast_to(table, (len(first), self.shape[1]))
        return table[inverse.reshape(-1)]


# Travel --------------------------------------------------------------------------------


def travel_minutes(space: Space) -> np.ndarray:
    """Minutes for the longer of the two trips: family home → child's home, → pickup place."""
    c, f = space.children, space.families
    km = space.distance(c.home, f.home)
    if c.has_pickup.any():
        np.maximum(km, space.distance(c.pickup, f.home), out=km)
    np.maximum(km, geo.MIN_DISTANCE_KM, out=km)
    minutes = km.astype(np.float32)
    minutes *= space.f(f.minutes_per_km)
    minutes += space.f(f.overhead_minutes)
    return minutes


@dataclass
class Legs:
    """Both trips of chosen pairs, for the explanation."""

    home_km: np.ndarray
    home_minutes: np.ndarray
    pickup_km: np.ndarray
    pickup_minutes: np.ndarray


def travel_legs(space: Space) -> Legs:
    c, f = space.children, space.families
    per_km, overhead = space.f(f.minutes_per_km), space.f(f.overhead_minutes)
    home = space.distance(c.home, f.home)
    pickup = space.distance(c.pickup, f.home)
    return Legs(
        home_km=home,
        home_minutes=np.maximum(home, geo.MIN_DISTANCE_KM) * per_km + overhead,
        pickup_km=pickup,
        pickup_minutes=np.maximum(pickup, geo.MIN_DISTANCE_KM) * per_km + overhead,
    )


def travel_score(minutes: np.ndarray, rules: Rules) -> np.ndarray:
    """1 − minutes / limit, within 0–1 (a new array)."""
    return travel_points(minutes.copy(), rules, 1.0)


def travel_points(minutes: np.ndarray, rules: Rules, points: float) -> np.ndarray:
    """``points`` × (1 − minutes / limit), at least 0, computed in place in ``minutes``.

    One operation sequence for the matrix path and the pair path, so both
    give the same totals to the last bit.
    """
    limit = max(rules.max_minutes, 1.0)
    minutes *= np.float32(-points / limit)
    minutes += np.float32(points)
    points_left: np.ndarray = np.maximum(minutes, np.float32(0.0), out=minutes)
    return points_left


# Age fit -------------------------------------------------------------------------------


def _window(low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Bit masks with the bits ``low..high`` set (clipped to ages 0–17), per child."""
    low = np.clip(low, 0, 31).astype(np.int64)
    high = np.clip(high, -1, ADULT_AGE - 1).astype(np.int64)
    width = np.maximum(high - low + 1, 0)
    masks: np.ndarray = (((np.int64(1) << width) - 1) << low).astype(np.uint32)
    return masks


def age_windows(children: Children) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per child, three (window, score) steps: an own child in the first window scores best."""
    age = children.age.astype(np.int64)
    wish = children.wish_children
    zero = np.zeros(len(age), dtype=np.uint32)
    older = wish == WISH_CODES["older"]
    same = wish == WISH_CODES["same_age"]
    younger = wish == WISH_CODES["younger"]
    w1 = np.where(older, _window(age + 1, age + 6), zero)
    w1 = np.where(same, _window(age - 1, age + 1), w1)
    w1 = np.where(younger, _window(age - 6, age - 1), w1)
    w2 = np.where(older, _window(age + 7, age + 17), zero)
    w2 = np.where(same, _window(age - 2, age + 2), w2)
    w2 = np.where(younger, _window(age - 17, age - 7), w2)
    w3 = np.where(same, _window(age - 3, age + 3), zero)
    s2 = np.where(same, 0.6, 0.5).astype(np.float32)
    s3 = np.full(len(age), 0.3, dtype=np.float32)
    return [(w1, np.ones(len(age), dtype=np.float32)), (w2, s2), (w3, s3)]


def age_fit(space: Space) -> np.ndarray:
    """Reads the child's age and wish only (``by_child_key`` on those two)."""
    c, f = space.children, space.families
    kids = space.f(f.kids_mask)
    score = np.zeros(space.shape, dtype=np.float32)
    # The last window first, so the better windows overwrite it.
    for window, value in reversed(age_windows(c)):
        hit = (space.c(window) & kids) != 0
        np.copyto(score, np.broadcast_to(space.c(value), space.shape), where=hit)
    none_at_home = space.c(c.wish_children == WISH_CODES["none_at_home"])
    no_wish = space.c(c.wish_children == WISH_CODES[""])
    score = np.where(none_at_home, (kids == 0).astype(np.float32), score)
    return np.where(no_wish, np.float32(1.0), score).astype(np.float32)


# Wishes --------------------------------------------------------------------------------


def wishes(space: Space) -> np.ndarray:
    """Reads the child's father-figure, pets and allergy wishes only."""
    c, f = space.children, space.families
    wants_man = space.c(c.wish_father)
    pets_wish = space.c(c.wish_pets)
    allergic = space.c(c.allergy_mask)
    has_pets = space.f(f.has_pets)
    met = np.where(wants_man, space.f(f.has_man), False).astype(np.float32)
    met += np.where(pets_wish == PET_WISH_CODES["would_like"], has_pets, False)
    met += np.where(pets_wish == PET_WISH_CODES["none"], ~has_pets, False)
    met += np.where(allergic != 0, (allergic & space.f(f.pet_mask)) == 0, False)
    made = (c.wish_father.astype(np.int8) + (c.wish_pets != 0) + (c.allergy_mask != 0)).astype(
        np.float32
    )
    made_c = space.c(made)
    return np.where(made_c > 0, met / np.maximum(made_c, 1), np.float32(1.0)).astype(np.float32)


# Interests and languages ---------------------------------------------------------------


def interests(space: Space) -> np.ndarray:
    """Two thirds shared interests, one third a shared home language (a new array)."""
    c, f = space.children, space.families
    n_interests = np.array([len(s) for s in c.interests], dtype=np.float32)
    wanted = np.minimum(n_interests, 2)
    score = np.asarray(
        space.shared(c.interests, f.activities, f.activity_postings), dtype=np.float32
    )
    score *= space.c(np.float32(2 / 3) / np.maximum(wanted, 1))
    np.minimum(score, np.float32(2 / 3), out=score)
    unknown = wanted == 0
    if space.matrix:
        score[np.flatnonzero(unknown)] = np.float32(1 / 3)  # unknown interests: 0.5
    else:
        score[unknown[space.rows]] = np.float32(1 / 3)
    score += np.float32(1 / 3)
    speaks = np.array([bool(s) for s in c.languages], dtype=bool)
    if not speaks.any():
        return score
    if space.matrix:
        # Only the children with a home language besides Danish (a few rows).
        rows = np.flatnonzero(speaks)
        some = Space(c.take(rows), f)
        common = some.shared(some.children.languages, f.languages, f.language_postings)
        block = score[rows]
        np.subtract(block, np.float32(1 / 6), out=block, where=common == 0)
        score[rows] = block
    else:
        common = space.shared(c.languages, f.languages, f.language_postings)
        np.subtract(score, np.float32(1 / 6), out=score, where=(common == 0) & speaks[space.rows])
    return score


# Capacity and waiting ------------------------------------------------------------------


def capacity(space: Space) -> np.ndarray:
    """Reads the child's need level only."""
    c, f = space.children, space.families
    gap = np.maximum(space.c(c.need_level).astype(np.int8) - space.f(f.capacity), 0)
    points: np.ndarray = (1.0 - 0.5 * gap).astype(np.float32)
    return points


def waiting(space: Space) -> np.ndarray:
    """Per child only (broadcasts over the families)."""
    days = space.children.waited_days.astype(np.float32)
    return space.c(np.minimum(days / WAITING_FULL_DAYS, 1.0).astype(np.float32))


# Constraints ---------------------------------------------------------------------------


def family_exclusions(families: Families, blocks: Blocks) -> dict[str, np.ndarray]:
    """Per family, which family-level constraint excludes it (a family can have several)."""
    approved = families.approved
    in_open = np.array([int(pk) in blocks.open_families for pk in families.ids], dtype=bool)
    return {
        "not_approved": ~approved,
        "no_room": approved & ~families.has_room,
        "vetting": approved & ~families.vetting_complete,
        "open_proposal": in_open,
    }


def _age_outside(space: Space) -> np.ndarray:
    c, f = space.children, space.families
    age = space.c(c.age)
    return (age < space.f(f.age_min)) | (age > space.f(f.age_max))


def _needs_refused(space: Space) -> np.ndarray:
    refused: np.ndarray = (
        space.c(space.children.need_mask) & space.f(space.families.cannot_mask)
    ) != 0
    return refused


def _no_common_weekday(space: Space) -> np.ndarray:
    apart: np.ndarray = (space.c(space.children.weekdays) & space.f(space.families.weekdays)) == 0
    return apart


def pair_exclusions(
    space: Space, minutes: np.ndarray, blocks: Blocks, rules: Rules
) -> dict[str, np.ndarray]:
    """Per pair, which pair-level constraint excludes it. ``ended_early`` is always
    computed; whether it excludes or warns is the site's rule."""
    c = space.children
    return {
        "age": space.by_child_key(_age_outside, c.age),
        "needs": space.by_child_key(_needs_refused, c.need_mask),
        "weekday": space.by_child_key(_no_common_weekday, c.weekdays),
        "travel": minutes > np.float32(rules.max_minutes),
        "ended_early": space.pair_in(c.birth_family_ids, blocks.ended_early),
        "declined": space.pair_in(c.child_ids, blocks.declined),
    }


# The score -----------------------------------------------------------------------------


@dataclass
class Scored:
    """What the engine found for a space: the total, each factor, and every exclusion."""

    total: np.ndarray  # points 0–100, -inf where excluded
    allowed: np.ndarray
    factors: dict[str, np.ndarray]  # empty unless asked for
    exclusions: dict[str, np.ndarray]  # pair-level; family-level ones are the caller's
    minutes: np.ndarray
    warnings: np.ndarray  # ended early, where the site only warns


def factor_values(space: Space) -> dict[str, Callable[[], np.ndarray]]:
    """Each soft factor as a deferred computation (so the caller can add and drop each)."""
    c = space.children
    return {
        "age_fit": lambda: space.by_child_key(age_fit, c.age, c.wish_children),
        "wishes": lambda: space.by_child_key(wishes, c.wish_father, c.wish_pets, c.allergy_mask),
        "interests": lambda: interests(space),
        "capacity": lambda: space.by_child_key(capacity, c.need_level),
        "waiting": lambda: waiting(space),
    }


def score(space: Space, blocks: Blocks, rules: Rules, *, keep_factors: bool = True) -> Scored:
    """Score every pair in ``space``; excluded pairs get ``-inf``.

    Family-level exclusions (status, vetting, room, open proposals) are not
    applied here: the caller either removed those families from the space
    (site-wide) or shows them as excluded (one child's list).
    """
    weights = {name: float(rules.weights.get(name, 0)) for name in FACTORS}
    scale = 100 / (sum(weights.values()) or 1.0)
    minutes = travel_minutes(space)
    exclusions = pair_exclusions(space, minutes, blocks, rules)
    kept: dict[str, np.ndarray] = {}
    if keep_factors:
        kept["travel"] = travel_score(minutes, rules)
    total = travel_points(minutes.copy(), rules, weights["travel"] * scale)
    for name, compute in factor_values(space).items():
        if not weights[name] and not keep_factors:
            continue
        value = compute()
        if keep_factors:
            kept[name] = np.broadcast_to(value, space.shape)
        if weights[name]:
            total += np.float32(weights[name] * scale) * value
    np.round(total, 1, out=total)
    blocked = np.zeros(space.shape, dtype=bool)
    for name, mask in exclusions.items():
        if name != "ended_early" or rules.early_ending_blocks:
            blocked |= mask
    np.copyto(total, np.float32(FORBIDDEN), where=blocked)
    warnings = (
        np.zeros(space.shape, dtype=bool)
        if rules.early_ending_blocks
        else exclusions["ended_early"]
    )
    return Scored(
        total=total,
        allowed=~blocked,
        factors=kept,
        exclusions=exclusions,
        minutes=minutes,
        warnings=warnings,
    )
