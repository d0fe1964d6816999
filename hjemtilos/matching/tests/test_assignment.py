"""The site-wide assignment: optimal is never below greedy, equals a brute-force optimum on
small cases, warm-started or not; the fast score matrix agrees with the pair-by-pair rules."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from hjemtilos.demo.matching_scale import MATCHING_SITE_NAME, generate_matching_site
from hjemtilos.matching import assignment, engine, loading, scoring, sitewide
from hjemtilos.organisations.models import Site


def brute_force(total: np.ndarray) -> float:
    """The best total over every way to give each child at most one family, and vice versa."""
    rows, cols = total.shape
    best = 0.0
    # Each child either gets one of the families or none (-1).
    for choice in itertools.product(range(-1, cols), repeat=rows):
        taken = [j for j in choice if j >= 0]
        if len(taken) != len(set(taken)):
            continue
        value = 0.0
        for i, j in enumerate(choice):
            if j >= 0:
                if not np.isfinite(total[i, j]):
                    break
                value += float(total[i, j])
        else:
            best = max(best, value)
    return round(best, 1)


def random_scores(rng: np.random.Generator, rows: int, cols: int, allowed: float) -> np.ndarray:
    total = np.round(rng.uniform(0, 100, size=(rows, cols)), 1).astype(np.float32)
    total[rng.random((rows, cols)) > allowed] = -np.inf
    return total


@pytest.mark.parametrize("seed", range(30))
def test_optimal_equals_the_brute_force_optimum_on_small_cases(seed):
    rng = np.random.default_rng(seed)
    rows, cols = int(rng.integers(1, 6)), int(rng.integers(1, 6))
    total = random_scores(rng, rows, cols, allowed=float(rng.uniform(0.3, 1.0)))
    found = assignment.optimal(total)
    assert found.total == brute_force(total)
    # A real assignment: no child or family twice, only allowed pairs.
    assert len(set(found.rows.tolist())) == len(found) == len(set(found.cols.tolist()))
    assert np.isfinite(total[found.rows, found.cols]).all()
    assert assignment.greedy(total, np.arange(rows)).total <= found.total


def test_optimal_maximises_the_total_not_the_number_of_pairs():
    # Two pairs are possible (5 + 5), one good pair scores more (90).
    total = np.array([[90.0, 5.0], [-np.inf, -np.inf], [5.0, -np.inf]], dtype=np.float32)
    found = assignment.optimal(total)
    assert found.total == brute_force(total) == 90.0
    assert found.family_of() == {0: 0}


@pytest.mark.parametrize("allowed", [0.05, 0.3, 0.9])
def test_the_auction_warm_start_does_not_change_the_optimum(allowed):
    rng = np.random.default_rng(11)
    total = random_scores(rng, 420, 380, allowed)
    # Many near-equal scores, as on a real site: a few factor levels only.
    total = np.where(np.isfinite(total), np.round(total / 10) * 10, total).astype(np.float32)
    warm = assignment.optimal(total)
    cold = assignment.optimal(total, warm_start=False)
    weights = np.where(np.isfinite(total), total.astype(np.float64) + 1e-3, 0.0)
    rows, cols = linear_sum_assignment(weights, maximize=True)
    keep = np.isfinite(total[rows, cols])
    assert warm.total == cold.total == round(float(total[rows[keep], cols[keep]].sum()), 1)


def test_greedy_takes_the_longest_waiting_child_first():
    total = np.array([[50.0, 40.0], [60.0, -np.inf]], dtype=np.float32)
    # Child 0 waited longest and takes family 0; child 1 then has none.
    hand = assignment.greedy(total, np.array([0, 1]))
    assert hand.family_of() == {0: 0} and hand.total == 50.0
    best = assignment.optimal(total)
    assert best.family_of() == {0: 1, 1: 0} and best.total == 100.0


@pytest.fixture
def generated_site(reference_data):
    generate_matching_site(children=60, families=50, seed=5)
    return Site.objects.get(name=MATCHING_SITE_NAME)


def test_on_generated_data_optimal_is_at_least_greedy(generated_site):
    found = engine.suggest(generated_site)
    assert len(found.children) == 60 and len(found.families) == 50
    assert len(found.optimal) > 0
    assert found.optimal.total >= found.greedy.total
    assert found.optimal.total == independent_optimum(found)


def independent_optimum(found: engine.SiteSuggestion) -> float:
    """The optimum by an independent solver (SciPy, cold) on the same matrix."""
    children, families = found.children, found.families
    rules = engine.site_rules(Site.objects.get(name=MATCHING_SITE_NAME))
    blocks = loading.load_blocks(site_id=Site.objects.get(name=MATCHING_SITE_NAME).pk)
    total = sitewide.total_matrix(children, families, blocks, rules)
    weights = np.where(np.isfinite(total), total.astype(np.float64) + 1e-3, 0.0)
    rows, cols = linear_sum_assignment(weights, maximize=True)
    keep = np.isfinite(total[rows, cols])
    return round(float(total[rows[keep], cols[keep]].sum()), 1)


def test_the_fast_site_matrix_agrees_with_the_rules_pair_by_pair(generated_site):
    rules = engine.site_rules(generated_site)
    blocks = loading.load_blocks(site_id=generated_site.pk)
    children = loading.load_children(site_id=generated_site.pk)
    families = loading.load_families(site_id=generated_site.pk)
    fast = sitewide.total_matrix(children, families, blocks, rules)
    rows, cols = np.meshgrid(np.arange(len(children)), np.arange(len(families)), indexing="ij")
    pairs = scoring.Space(children, families, rows.ravel(), cols.ravel())
    slow = scoring.score(pairs, blocks, rules).total.reshape(fast.shape)
    assert (np.isfinite(fast) == np.isfinite(slow)).all()
    both = np.isfinite(fast)
    assert both.any() and (~both).any()
    # The two paths compute distances differently (one matrix product against
    # exact chords); a total may land on the other side of a rounding step.
    assert np.abs(fast[both] - slow[both]).max() <= 0.1 + 1e-4


def test_a_long_wait_wins_a_scarce_family(make_child, make_family, site):
    newcomer = make_child(started_days_ago=20)
    waited = make_child(started_days_ago=200)
    make_family()
    found = engine.suggest(site)
    (row,) = found.optimal.rows.tolist()
    assert int(found.children.referral_ids[row]) == waited.pk
    assert newcomer.pk not in found.children.referral_ids[found.optimal.rows].tolist()


def test_the_matrix_and_the_auction_give_the_same_answers_on_two_threads(
    generated_site, monkeypatch
):
    rules = engine.site_rules(generated_site)
    blocks = loading.load_blocks(site_id=generated_site.pk)
    children = loading.load_children(site_id=generated_site.pk)
    families = loading.load_families(site_id=generated_site.pk)
    serial = sitewide.total_matrix(children, families, blocks, rules)
    monkeypatch.setattr(sitewide, "PARALLEL_MIN_ROWS", 10)
    parallel = sitewide.total_matrix_parallel(children, families, blocks, rules)
    assert np.array_equal(serial, parallel)

    rng = np.random.default_rng(3)
    total = random_scores(rng, 400, 400, 0.4)
    one_thread = assignment.optimal(total)
    monkeypatch.setattr(assignment, "PARALLEL_MIN_ROWS", 10)
    assert assignment.optimal(total).total == one_thread.total
