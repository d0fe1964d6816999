"""Realistic matching facts for generated children and families (demo and benchmarks).

What a family offers (transport, weekdays, child ages, needs it cannot take
on, capacity, pets, languages, activities) and what a child brings (needs,
interests, languages, wishes). Drawn from a given ``random.Random`` so the
callers stay deterministic. The shares are plausible, not measured.
"""

from __future__ import annotations

import random
from typing import Any

from hjemtilos.referrals.models import NeedTag

PETS = ["kat", "hund", "to kaniner", "hund og kat", "marsvin", "to katte", "høns"]
OTHER_LANGUAGES = ["engelsk", "arabisk", "tyrkisk", "somali", "polsk", "urdu"]
CHILD_LANGUAGES = ["arabisk", "somali", "tyrkisk", "urdu", "persisk"]
INTERESTS = [
    "fodbold",
    "tegning",
    "dyr",
    "LEGO",
    "dans",
    "svømning",
    "bagning",
    "naturen",
    "musik",
    "cykling",
    "læsning",
    "klatring",
]


def _pick(rng: random.Random, weighted: list[tuple[Any, float]]) -> Any:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


def family_facts(rng: random.Random) -> dict[str, Any]:
    """The matching fields of an approved volunteer family."""
    cannot: list[str] = []
    if rng.random() < 0.25:
        cannot = rng.sample([NeedTag.ADHD, NeedTag.AUTISM, NeedTag.ANXIETY], k=rng.randint(1, 2))
    languages = "dansk"
    if rng.random() < 0.25:
        languages = f"dansk, {rng.choice(OTHER_LANGUAGES)}"
    return {
        "transport": _pick(rng, [("car", 0.5), ("bike", 0.35), ("public", 0.15)]),
        "weekdays": sorted(rng.sample(range(5), k=rng.randint(1, 3))),
        "child_age_min": rng.choice([4, 4, 5, 6, 7]),
        "child_age_max": rng.choice([10, 11, 12, 13, 13]),
        "cannot_take_on": [str(t) for t in cannot],
        "capacity": _pick(rng, [("limited", 0.2), ("good", 0.55), ("ample", 0.25)]),
        "pets": rng.choice(PETS) if rng.random() < 0.45 else "",
        "languages": languages,
        "activities": ", ".join(rng.sample(INTERESTS, k=3)),
    }


def child_facts(rng: random.Random) -> dict[str, Any]:
    """The matching fields of a child (``Child`` fields)."""
    tags: list[str] = []
    if rng.random() < 0.45:
        tags = [
            str(t)
            for t in rng.sample(
                [NeedTag.ADHD, NeedTag.AUTISM, NeedTag.ANXIETY, NeedTag.LANGUAGE, NeedTag.SOCIAL],
                k=rng.randint(1, 2),
            )
        ]
    languages = "dansk"
    if rng.random() < 0.2:
        languages = f"dansk, {rng.choice(CHILD_LANGUAGES)}"
    return {
        "need_tags": tags,
        "interests": ", ".join(rng.sample(INTERESTS, k=3)) if rng.random() < 0.8 else "",
        "languages": languages,
    }


def referral_wishes(rng: random.Random) -> dict[str, Any]:
    """The referral's wishes for the volunteer family."""
    return {
        "wish_family_children": _pick(
            rng,
            [
                ("", 0.4),
                ("older", 0.25),
                ("same_age", 0.2),
                ("younger", 0.05),
                ("none_at_home", 0.1),
            ],
        ),
        "wish_father_figure": rng.random() < 0.25,
        "wish_pets": _pick(rng, [("", 0.7), ("would_like", 0.2), ("none", 0.1)]),
        "allergies": _pick(rng, [("", 0.92), ("katte", 0.04), ("pelsdyr", 0.02), ("hunde", 0.02)]),
    }
