"""The whole site's score matrix, fast: the same rules as ``scoring``, fewer passes.

At 5,000 × 5,000 every pass over the matrix moves 100 MB, so this path
computes the total in place: each factor that reads only a few child
attributes is evaluated once per distinct combination of them (a few
hundred rows) with its weight folded in, then gathered into one reused
buffer and added; travel comes from one matrix product per trip
(|a − b|² = |a|² + |b|² − 2a·b on points centred on the site). The hard
constraints are gathered the same way as booleans. Tests check that the
totals equal ``scoring.score`` pair by pair.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from hjemtilos.matching import geo, scoring
from hjemtilos.matching.features import Blocks, Children, Families
from hjemtilos.matching.scoring import Rules, Space

PARALLEL_MIN_ROWS = 1000


def _factors(a: np.ndarray, b: np.ndarray, center: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two matrices whose product is |a_i − b_j|² in km² (float32, points centred first)."""
    a = a - center
    b = b - center
    left = np.empty((len(a), 5), dtype=np.float32)
    left[:, :3] = -2 * a
    left[:, 3] = (a * a).sum(axis=1)
    left[:, 4] = 1
    right = np.empty((len(b), 5), dtype=np.float32)
    right[:, :3] = b
    right[:, 3] = 1
    right[:, 4] = (b * b).sum(axis=1)
    return left, np.ascontiguousarray(right.T)


def site_center(children: Children, families: Families) -> np.ndarray:
    """The middle of every point: distances are computed relative to it (float32 precision)."""
    center: np.ndarray = np.vstack([children.home, children.pickup, families.home]).mean(axis=0)
    return center


def travel_minutes(
    children: Children,
    families: Families,
    *,
    center: np.ndarray | None = None,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """The longer trip's minutes for every pair (float32), as ``scoring.travel_minutes``."""
    center = site_center(children, families) if center is None else center
    squared = np.empty((len(children), len(families)), dtype=np.float32) if out is None else out
    np.matmul(*_factors(children.home, families.home, center), out=squared)
    if children.has_pickup.any():
        np.maximum(
            squared, np.matmul(*_factors(children.pickup, families.home, center)), out=squared
        )
    np.maximum(squared, np.float32(geo.MIN_DISTANCE_KM**2), out=squared)
    minutes: np.ndarray = np.sqrt(squared, out=squared)
    minutes *= families.minutes_per_km[None, :]
    minutes += families.overhead_minutes[None, :]
    return minutes


def _add_by_key(
    total: np.ndarray,
    space: Space,
    rule: Callable[[Space], np.ndarray],
    weight: float,
    *keys: np.ndarray,
) -> None:
    """total += weight × rule, the rule evaluated once per distinct key and gathered."""
    stacked = np.stack([np.asarray(k, dtype=np.int64) for k in keys], axis=1)
    _unique, first, inverse = np.unique(stacked, axis=0, return_index=True, return_inverse=True)
    table = rule(Space(space.children.take(first), space.families)).astype(np.float32)
    table = np.float32(weight) * np.broadcast_to(table, (len(first), total.shape[1]))
    total += table[inverse.reshape(-1)]


def _or_by_key(
    blocked: np.ndarray,
    space: Space,
    rule: Callable[[Space], np.ndarray],
    *keys: np.ndarray,
) -> None:
    stacked = np.stack([np.asarray(k, dtype=np.int64) for k in keys], axis=1)
    _unique, first, inverse = np.unique(stacked, axis=0, return_index=True, return_inverse=True)
    table = np.broadcast_to(
        rule(Space(space.children.take(first), space.families)), (len(first), blocked.shape[1])
    )
    blocked |= table[inverse.reshape(-1)]


def total_matrix(
    children: Children,
    families: Families,
    blocks: Blocks,
    rules: Rules,
    *,
    center: np.ndarray | None = None,
    out: np.ndarray | None = None,
) -> np.ndarray:
    """Points 0–100 for every child × family, ``-inf`` where a hard constraint forbids it.

    Family-level constraints are the caller's (site-wide: only free families
    are passed in). ``out`` receives the matrix when given.
    """
    shape = (len(children), len(families))
    if not all(shape):
        return np.zeros(shape, dtype=np.float32) if out is None else out
    space = Space(children, families)
    c = children
    weights = {name: float(rules.weights.get(name, 0)) for name in scoring.FACTORS}
    scale = 100 / (sum(weights.values()) or 1.0)
    minutes = travel_minutes(children, families, center=center, out=out)
    blocked = minutes > np.float32(rules.max_minutes)
    # The same operations in the same order as ``scoring.score``, so the totals agree.
    total = scoring.travel_points(minutes, rules, weights["travel"] * scale)
    if weights["age_fit"]:
        _add_by_key(
            total, space, scoring.age_fit, weights["age_fit"] * scale, c.age, c.wish_children
        )
    if weights["wishes"]:
        _add_by_key(
            total,
            space,
            scoring.wishes,
            weights["wishes"] * scale,
            c.wish_father,
            c.wish_pets,
            c.allergy_mask,
        )
    if weights["interests"]:
        interest = scoring.interests(space)
        interest *= np.float32(weights["interests"] * scale)
        total += interest
        del interest
    if weights["capacity"]:
        _add_by_key(total, space, scoring.capacity, weights["capacity"] * scale, c.need_level)
    if weights["waiting"]:
        total += np.float32(weights["waiting"] * scale) * scoring.waiting(space)
    np.round(total, 1, out=total)
    _or_by_key(blocked, space, scoring._age_outside, c.age)
    _or_by_key(blocked, space, scoring._needs_refused, c.need_mask)
    _or_by_key(blocked, space, scoring._no_common_weekday, c.weekdays)
    blocked |= space.pair_in(c.child_ids, blocks.declined)
    if rules.early_ending_blocks:
        blocked |= space.pair_in(c.birth_family_ids, blocks.ended_early)
    np.copyto(total, np.float32(scoring.FORBIDDEN), where=blocked)
    return total


def total_matrix_parallel(
    children: Children, families: Families, blocks: Blocks, rules: Rules, *, parts: int = 2
) -> np.ndarray:
    """``total_matrix`` in ``parts`` row blocks on as many threads, into one matrix.

    NumPy lets go of the interpreter lock in its array operations, so the
    blocks are computed side by side on a machine with several cores.
    """
    if parts <= 1 or len(children) < PARALLEL_MIN_ROWS or not len(families):
        return total_matrix(children, families, blocks, rules)
    center = site_center(children, families)
    out = np.empty((len(children), len(families)), dtype=np.float32)
    blocks_of_rows = [rows for rows in np.array_split(np.arange(len(children)), parts) if len(rows)]

    def fill(rows: np.ndarray) -> None:
        total_matrix(
            children.take(rows),
            families,
            blocks,
            rules,
            center=center,
            out=out[rows[0] : rows[-1] + 1],
        )

    with ThreadPoolExecutor(max_workers=len(blocks_of_rows)) as pool:
        list(pool.map(fill, blocks_of_rows))
    return out
