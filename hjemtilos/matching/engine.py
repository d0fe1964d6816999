"""The engine's entry points: one child's ranked candidates, one pair, and the whole site.

Each loads what it needs in a fixed number of queries (``features``), scores
with numpy (``scoring``) and explains only what will be shown (``explain``).
Nothing here writes; the site-wide run is stored by ``services``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from django.utils import timezone, translation

from hjemtilos.matching import assignment, explain, features, loading, scoring, sitewide
from hjemtilos.matching.models import DEFAULT_WEIGHTS, EarlyEndingRule, MatchingSettings
from hjemtilos.organisations.models import Site
from hjemtilos.referrals.models import Referral

CANDIDATES_SHOWN = 20
CANDIDATES_MAX = 200


def site_rules(site: Site) -> scoring.Rules:
    """The site's weights, travel limit and early-ending rule (defaults without settings)."""
    row = MatchingSettings.objects.filter(site_id=site.pk).first()
    return scoring.Rules(
        weights=row.weights() if row else dict(DEFAULT_WEIGHTS),
        max_minutes=float(site.max_travel_minutes),
        early_ending_blocks=(row.early_ending if row else EarlyEndingRule.BLOCK)
        == EarlyEndingRule.BLOCK,
    )


@dataclass
class Candidate:
    family_id: int
    family_name: str
    place: str
    transport: str
    total: float
    minutes: int
    lines: list[explain.FactorLine]
    warnings: list[str]


@dataclass
class Exclusion:
    reason: str
    label: str
    count: int


@dataclass
class Ranking:
    """One child's candidates, best first, and why the other families were left out."""

    candidates: list[Candidate]
    allowed: int  # families that could be proposed
    pool: int  # families at the site in the programme
    free: int  # families passing the family-level rules
    family_exclusions: list[Exclusion]
    pair_exclusions: list[Exclusion]
    rules: scoring.Rules
    seconds: float = 0.0
    child: features.Children | None = field(default=None, repr=False)


def _lines(
    scored: scoring.Scored,
    space: scoring.Space,
    rules: scoring.Rules,
    *,
    k: int,
    i: int,
    j: int,
    legs: scoring.Legs,
) -> list[explain.FactorLine]:
    """The explanation of pair ``k`` of ``scored`` (child ``i``, family ``j``)."""
    c, f = space.children, space.families
    weight_sum = sum(rules.weights.get(n, 0) for n in scoring.FACTORS) or 1
    texts = {
        "travel": explain.travel_text(
            minutes=float(max(legs.home_minutes[k], legs.pickup_minutes[k])),
            transport=f.transport[j],
            home_minutes=float(legs.home_minutes[k]),
            pickup_minutes=float(legs.pickup_minutes[k]),
            has_pickup=bool(c.has_pickup[i]),
            pickup_label=c.pickup_label[i],
            home_label=c.home_label[i],
        ),
        "age_fit": explain.age_fit_text(kid_ages=f.kid_ages[j], wish=int(c.wish_children[i])),
        "wishes": explain.wishes_text(c, i, f, j),
        "interests": explain.interests_text(c, i, f, j),
        "capacity": explain.capacity_text(c, i, f, j),
        "waiting": explain.waiting_text(int(c.waited_days[i])),
    }
    lines = []
    for name in scoring.FACTORS:
        value = float(scored.factors[name].reshape(-1)[k]) if name in scored.factors else 0.0
        weight = int(rules.weights.get(name, 0))
        lines.append(
            explain.FactorLine(
                name=name,
                label=str(explain.FACTOR_LABELS[name]),
                score=round(value, 2),
                weight=weight,
                points=round(value * weight * 100 / weight_sum, 1),
                text=texts[name],
            )
        )
    return lines


def explain_pairs(
    children: features.Children,
    families: features.Families,
    *,
    rows: np.ndarray,
    cols: np.ndarray,
    blocks: features.Blocks,
    rules: scoring.Rules,
) -> list[tuple[float, list[explain.FactorLine], list[str]]]:
    """Total, explanation lines and warnings for chosen pairs (vectorised over the pairs)."""
    space = scoring.Space(children, families, rows, cols)
    scored = scoring.score(space, blocks, rules)
    legs = scoring.travel_legs(space)
    result = []
    for k, (i, j) in enumerate(zip(rows.tolist(), cols.tolist(), strict=True)):
        warnings = []
        if scored.exclusions["ended_early"][k]:
            name = blocks.ended_early_children.get(
                (int(children.birth_family_ids[i]), int(families.ids[j])), ""
            )
            warnings.append(explain.ended_early_warning(name))
        result.append(
            (
                float(scored.total[k]),
                _lines(scored, space, rules, k=k, i=i, j=j, legs=legs),
                warnings,
            )
        )
    return result


def rank(
    referral: Referral, *, limit: int = CANDIDATES_SHOWN, today: date | None = None
) -> Ranking:
    """The ranked candidate families for one waiting child."""
    started = time.perf_counter()
    today = today or timezone.localdate()
    site = referral.site
    rules = site_rules(site)
    children = loading.load_children(site_id=site.pk, referral_ids=[referral.pk], today=today)
    families = loading.site_families(site_id=site.pk, today=today)
    blocks = loading.load_blocks(site_id=site.pk)
    family_out = scoring.family_exclusions(families, blocks)
    space = scoring.Space(children, families)
    scored = scoring.score(space, blocks, rules, keep_factors=False)
    free = ~np.logical_or.reduce(list(family_out.values())) if len(families) else np.zeros(0, bool)
    allowed = free & scored.allowed[0]
    order = np.lexsort((families.ids, scored.minutes[0], -scored.total[0]))
    chosen = np.array([j for j in order.tolist() if allowed[j]][:limit], dtype=np.int64)
    explained = explain_pairs(
        children,
        families,
        rows=np.zeros(len(chosen), dtype=np.int64),
        cols=chosen,
        blocks=blocks,
        rules=rules,
    )
    candidates = [
        Candidate(
            family_id=int(families.ids[j]),
            family_name=families.names[j],
            place=families.home_label[j],
            transport=families.transport[j],
            total=total,
            minutes=round(float(scored.minutes[0, j])),
            lines=lines,
            warnings=warnings,
        )
        for j, (total, lines, warnings) in zip(chosen.tolist(), explained, strict=True)
    ]
    return Ranking(
        candidates=candidates,
        allowed=int(allowed.sum()),
        pool=len(families),
        free=int(free.sum()),
        family_exclusions=[
            Exclusion(name, str(explain.REASON_LABELS[name]), int(mask.sum()))
            for name, mask in family_out.items()
            if mask.any()
        ],
        pair_exclusions=[
            Exclusion(name, str(explain.REASON_LABELS[name]), int((mask[0] & free).sum()))
            for name, mask in scored.exclusions.items()
            if (mask[0] & free).any() and (name != "ended_early" or rules.early_ending_blocks)
        ],
        rules=rules,
        seconds=time.perf_counter() - started,
        child=children,
    )


@dataclass
class PairVerdict:
    """Whether one child and one family may be proposed, and the engine's view of them.

    ``lines``/``warnings`` are in the current language; ``by_language`` holds
    them in every language asked for (a proposal keeps them for any reader).
    """

    reasons: list[str]
    total: float
    lines: list[explain.FactorLine]
    warnings: list[str]
    by_language: dict[str, tuple[list[explain.FactorLine], list[str]]] = field(default_factory=dict)

    @property
    def allowed(self) -> bool:
        return not self.reasons


def judge_pair(
    referral: Referral,
    family_id: int,
    *,
    today: date | None = None,
    languages: tuple[str, ...] = (),
) -> PairVerdict:
    """Every hard constraint checked afresh for one pair (a proposal is about to be made)."""
    today = today or timezone.localdate()
    site = referral.site
    rules = site_rules(site)
    children = loading.load_children(site_id=site.pk, referral_ids=[referral.pk], today=today)
    families = loading.load_families(site_id=site.pk, family_ids=[family_id], today=today)
    if not len(families) or not len(children):
        return PairVerdict([str(explain.REASON_LABELS["not_approved"])], 0.0, [], [])
    blocks = loading.load_blocks(site_id=site.pk)
    reasons = [
        str(explain.REASON_LABELS[name])
        for name, mask in scoring.family_exclusions(families, blocks).items()
        if mask[0]
    ]
    one = np.zeros(1, dtype=np.int64)
    space = scoring.Space(children, families, one, one)
    scored = scoring.score(space, blocks, rules)
    for name, mask in scored.exclusions.items():
        if mask[0] and (name != "ended_early" or rules.early_ending_blocks):
            reasons.append(str(explain.REASON_LABELS[name]))
    ((total, lines, warnings),) = explain_pairs(
        children, families, rows=one, cols=one, blocks=blocks, rules=rules
    )
    by_language = {}
    for language in languages:
        with translation.override(language):
            ((_total, in_language, warned),) = explain_pairs(
                children, families, rows=one, cols=one, blocks=blocks, rules=rules
            )
        by_language[language] = (in_language, warned)
    return PairVerdict(reasons, total if np.isfinite(total) else 0.0, lines, warnings, by_language)


@dataclass
class SiteSuggestion:
    """The optimal and the greedy assignment of a site's waiting children to free families."""

    children: features.Children
    families: features.Families
    optimal: assignment.Assignment
    greedy: assignment.Assignment
    seconds: float
    score_seconds: float
    solve_seconds: float


def suggest(site: Site, *, today: date | None = None) -> SiteSuggestion:
    """Every waiting child without an open proposal × every free family, solved both ways."""
    started = time.perf_counter()
    today = today or timezone.localdate()
    rules = site_rules(site)
    blocks = loading.load_blocks(site_id=site.pk)
    children = loading.load_children(site_id=site.pk, today=today)
    children = children.take(
        np.array(
            [
                k
                for k, pk in enumerate(children.child_ids.tolist())
                if pk not in blocks.open_children
            ],
            dtype=np.int64,
        )
    )
    families = loading.site_families(site_id=site.pk, today=today)
    if len(families):
        out = np.logical_or.reduce(list(scoring.family_exclusions(families, blocks).values()))
        families = families.take(np.flatnonzero(~out))
    total = sitewide.total_matrix_parallel(children, families, blocks, rules)
    scored_at = time.perf_counter()
    best = assignment.optimal(total)
    # By hand: the child who has waited longest first.
    hand = assignment.greedy(total, np.argsort(-children.waited_days, kind="stable"))
    done = time.perf_counter()
    return SiteSuggestion(
        children=children,
        families=families,
        optimal=best,
        greedy=hand,
        seconds=done - started,
        score_seconds=scored_at - started,
        solve_seconds=done - scored_at,
    )
