"""Bulk inserts for the large generated datasets (``scale``, ``scale_year``, ``matching_scale``).

Rows go in with ``bulk_create`` in batches, each batch in its own transaction,
so millions of rows take minutes. Bulk inserts bypass model signals: these
rows are synthetic and are not in the audit log. Sensitive text is still
encrypted (``bulk_create`` calls the field's ``get_prep_value``).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta
from typing import Any, TypeVar

from django.db import connection, models, transaction

from hjemtilos.organisations.models import CHILD_AGE_MAX, CHILD_AGE_MIN, Site
from hjemtilos.referrals.models import BirthFamily, Child, Guardian

BATCH = 5000
M = TypeVar("M", bound=models.Model)
T = TypeVar("T")


def refresh_statistics() -> None:
    """``VACUUM (ANALYZE)`` after a bulk load (PostgreSQL), so what is timed next meets the
    database a running system has.

    The planner knows nothing of the new rows until autovacuum gets round to them, and
    pages timed before then are planned blind (the staff home page took twice as long).
    And autovacuum then visits every freshly inserted table (setting hint bits and the
    visibility map on a million visits) in the middle of whatever is being measured.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")


def batches(rows: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    """``rows`` in slices of at most ``size``."""
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def bulk(model: type[M], rows: Sequence[M]) -> list[M]:
    """Insert ``rows`` in batches; returns them with their primary keys."""
    created: list[M] = []
    for batch in batches(rows):
        with transaction.atomic():
            created.extend(model._default_manager.bulk_create(batch))
    return created


def phone_number(rng: random.Random) -> str:
    """A Danish mobile number in international form."""
    return f"+45{rng.randint(20_00_00_00, 99_99_99_99)}"


def bulk_children(
    rng: random.Random,
    *,
    sites: Sequence[Site],
    address: Callable[[int, Site], dict[str, Any]],
    first_names: Sequence[str],
    last_names: Sequence[str],
    today: date,
    guardian: Callable[[BirthFamily], dict[str, Any]] = lambda family: {},
    child: Callable[[BirthFamily], dict[str, Any]] = lambda family: {},
) -> list[Child]:
    """One child per entry of ``sites``, each in a birth family of its own with one guardian.

    ``address(i, site)`` gives the i-th home's ``street_address`` and postal code;
    ``guardian`` and ``child`` add fields of their own. The child is of an age in the
    programme's band. The draws from ``rng`` come in a fixed order (every family, then
    every guardian, then every child), so a seed gives the same rows.
    """
    families = bulk(
        BirthFamily,
        [
            BirthFamily(
                site=site,
                municipality_id=site.municipality_id,
                **address(i, site),
                single_parent=rng.random() < 0.6,
            )
            for i, site in enumerate(sites)
        ],
    )
    bulk(
        Guardian,
        [
            Guardian(
                family=family,
                first_name=rng.choice(first_names),
                last_name=rng.choice(last_names),
                phone=phone_number(rng),
                **guardian(family),
            )
            for family in families
        ],
    )
    youngest, oldest = CHILD_AGE_MIN * 365 + 30, CHILD_AGE_MAX * 365
    return bulk(
        Child,
        [
            Child(
                family=family,
                first_name=rng.choice(first_names),
                last_name=rng.choice(last_names),
                date_of_birth=today - timedelta(days=rng.randint(youngest, oldest)),
                **child(family),
            )
            for family in families
        ],
    )
