"""Site-wide assignment of waiting children to free families: optimal and greedy.

``optimal`` maximises the total score over allowed pairs with SciPy's
``linear_sum_assignment`` (a shortest-augmenting-path solver, exact).
Excluded pairs are ``-inf`` in the score matrix; for the solver they become
0-valued fillers that are dropped from the answer. Every allowed score is
made positive (a tiny epsilon), so this is exactly the maximum-weight
matching over allowed pairs, and a rectangular matrix is never "infeasible".

On score matrices like ours (many children want the same families) the
solver's augmenting paths grow long, and 5,000 × 5,000 takes twenty seconds
from a cold start. A few rounds of an auction (Bertsekas) first give each
family a price close to its optimal dual value; subtracting the prices from
the matrix warm-starts the solver, which then runs in about a second. The
prices do not change which assignment is optimal (the matrix is square, so
every family column is used exactly once), only how fast it is found
(docs/decisions/0022-site-wide-assignment.md).

``greedy`` is what matching by hand one child at a time gives: the
longest-waiting child first, each taking its best family still free.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

# Keeps an allowed pair of score 0 above the fillers that stand for "no family".
_EPSILON = np.float32(1e-3)
# Auction phases (points of score) and the share of children left bidding when
# a phase stops: the warm start needs good prices, not a finished auction.
AUCTION_PHASES = (4.0, 0.8, 0.16, 0.032)
AUCTION_STOP_SHARE = 0.003
AUCTION_MIN_SIZE = 300
PARALLEL_MIN_ROWS = 1000


@dataclass(frozen=True)
class Assignment:
    rows: np.ndarray  # child index per pair
    cols: np.ndarray  # family index per pair
    scores: np.ndarray

    @property
    def total(self) -> float:
        return float(np.round(self.scores.sum(), 1))

    def __len__(self) -> int:
        return len(self.rows)

    def family_of(self) -> dict[int, int]:
        return dict(zip(self.rows.tolist(), self.cols.tolist(), strict=True))


def _empty() -> Assignment:
    none = np.zeros(0, dtype=np.int64)
    return Assignment(none, none, np.zeros(0, dtype=np.float64))


def _best_two(
    benefit: np.ndarray, rows: np.ndarray, prices: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row: the best column, its value and the second-best value (after prices)."""
    values = benefit[rows] - prices
    first = np.argmax(values, axis=1)
    index = np.arange(len(rows))
    best = values[index, first]
    values[index, first] = -np.inf
    return first, best, values.max(axis=1)


def _best_two_split(
    benefit: np.ndarray, rows: np.ndarray, prices: np.ndarray, pool: ThreadPoolExecutor
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``_best_two`` with the rows in two halves on two threads when there are many."""
    if len(rows) < PARALLEL_MIN_ROWS:
        return _best_two(benefit, rows, prices)
    parts = list(pool.map(lambda part: _best_two(benefit, part, prices), np.array_split(rows, 2)))
    first, best, second = (np.concatenate(column) for column in zip(*parts, strict=True))
    return first, best, second


def auction_prices(
    benefit: np.ndarray,
    phases: tuple[float, ...] = AUCTION_PHASES,
    stop_share: float = AUCTION_STOP_SHARE,
) -> np.ndarray:
    """Approximate dual prices of the columns of a square benefit matrix.

    A Jacobi auction with ε-scaling: every unassigned row bids for its best
    column at once, raising its price by the margin over the second best
    plus ε; a phase ends when few rows are left without a column, the next
    keeps the assignments still within its ε. Large rounds use two threads.
    """
    with ThreadPoolExecutor(max_workers=2) as pool:
        return _auction(benefit, phases, stop_share, pool)


def _auction(
    benefit: np.ndarray, phases: tuple[float, ...], stop_share: float, pool: ThreadPoolExecutor
) -> np.ndarray:
    n = benefit.shape[0]
    prices = np.zeros(benefit.shape[1], dtype=np.float32)
    owner = np.full(benefit.shape[1], -1, dtype=np.int64)
    assigned = np.full(n, -1, dtype=np.int64)
    for phase, eps in enumerate(phases):
        if phase:
            mine = np.flatnonzero(assigned >= 0)
            _first, best, _second = _best_two_split(benefit, mine, prices, pool)
            slack_ok = benefit[mine, assigned[mine]] - prices[assigned[mine]] >= best - eps
            dropped = mine[~slack_ok]
            owner[assigned[dropped]] = -1
            assigned[dropped] = -1
        bidders = np.flatnonzero(assigned < 0)
        while len(bidders) > stop_share * n:
            first, best, second = _best_two_split(benefit, bidders, prices, pool)
            bids = prices[first] + (best - second) + np.float32(eps)
            # Each column goes to its highest bid.
            order = np.lexsort((-bids, first))
            columns = first[order]
            winner = np.ones(len(columns), dtype=bool)
            winner[1:] = columns[1:] != columns[:-1]
            won, by, price = columns[winner], bidders[order][winner], bids[order][winner]
            outbid = owner[won]
            assigned[outbid[outbid >= 0]] = -1
            owner[won] = by
            assigned[by] = won
            prices[won] = price
            bidders = np.flatnonzero(assigned < 0)
    return prices


def optimal(total: np.ndarray, *, warm_start: bool = True) -> Assignment:
    """The assignment of maximal total score; ``-inf`` marks a pair that must not be made."""
    if total.size == 0:
        return _empty()
    allowed = np.isfinite(total)
    # Children and families without any allowed pair cannot take part.
    row_ok = np.flatnonzero(allowed.any(axis=1))
    col_ok = np.flatnonzero(allowed.any(axis=0))
    if not len(row_ok):
        return _empty()
    sub = (
        total[np.ix_(row_ok, col_ok)]
        if len(row_ok) < total.shape[0] or len(col_ok) < total.shape[1]
        else total
    )
    size = max(sub.shape)
    # Square, with 0-valued fillers for "no pair" (forbidden pairs, padding).
    benefit = np.zeros((size, size), dtype=np.float32)
    view = benefit[: sub.shape[0], : sub.shape[1]]
    np.add(sub, _EPSILON, out=view, where=np.isfinite(sub))
    # As costs (negated): SciPy would otherwise copy the 200 MB matrix to negate it.
    costs = benefit.astype(np.float64)
    if warm_start and size >= AUCTION_MIN_SIZE:
        costs -= auction_prices(benefit)[None, :]
    del benefit
    np.negative(costs, out=costs)
    rows, cols = linear_sum_assignment(costs)
    real = (rows < sub.shape[0]) & (cols < sub.shape[1])
    rows, cols = rows[real], cols[real]
    keep = np.isfinite(sub[rows, cols])
    rows, cols = rows[keep], cols[keep]
    return Assignment(row_ok[rows], col_ok[cols], sub[rows, cols].astype(np.float64))


def greedy(total: np.ndarray, order: np.ndarray) -> Assignment:
    """One child at a time in ``order``; each takes its best family not yet taken."""
    if total.size == 0:
        return _empty()
    taken = np.zeros(total.shape[1], dtype=bool)
    rows: list[int] = []
    cols: list[int] = []
    scores: list[float] = []
    for i in order.tolist():
        row = np.where(taken, -np.inf, total[i])
        j = int(np.argmax(row))
        if not np.isfinite(row[j]):
            continue
        taken[j] = True
        rows.append(i)
        cols.append(j)
        scores.append(float(row[j]))
    return Assignment(
        np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64), np.array(scores)
    )
