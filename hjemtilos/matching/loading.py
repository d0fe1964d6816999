"""Reading the tables of ``features`` from the database, in a fixed number of queries.

Rows come straight from the cursor (``_fetch``): at 5,000 families Django's
per-row conversion costs more than the query. The whole site's family
table is kept in memory between requests on PostgreSQL while nothing it
was read from has changed (``site_families``). Reads go through the other
apps' models; nothing here writes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import CharField, Count, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from hjemtilos.core import crypto
from hjemtilos.core.dates import ADULT_AGE, age_on, years_before
from hjemtilos.friendships.models import FRIENDSHIP_ACTIVE_STATUSES, Friendship, FriendshipStatus
from hjemtilos.matching import geo, text
from hjemtilos.matching.features import (
    CAPACITY_LEVEL,
    MATCHABLE_STATUSES,
    PET_WISH_CODES,
    POOL_STATUSES,
    WISH_CODES,
    Blocks,
    Children,
    Families,
    _json_list,
    ages_on,
    need_level,
    need_mask,
    need_mask_text,
    weekday_mask,
    weekday_mask_text,
)
from hjemtilos.matching.models import (
    OPEN_STATUSES,
    DeclinedPair,
    FamilyPoolVersion,
    GeocodedAddress,
    MatchProposal,
    all_school_days,
)
from hjemtilos.organisations.models import PostalCode
from hjemtilos.referrals.models import Referral, ReferralStatus
from hjemtilos.volunteers.models import Gender, HouseholdMember, VolunteerFamily


def _fetch(queryset: Any) -> list[tuple[Any, ...]]:
    """The rows of a ``values_list`` queryset straight from the cursor.

    Django's per-row converters (JSON parsing above all) cost more than the
    query itself at 5,000 rows; the callers read raw values with the small
    helpers below, which accept what PostgreSQL and SQLite return.
    """
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _as_datetime(value: Any) -> datetime | None:
    if value is None:
        return None
    parsed = value if isinstance(value, datetime) else parse_datetime(str(value))
    if parsed is not None and timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=UTC)  # SQLite keeps UTC without an offset
    return parsed


@dataclass
class _PostalTable:
    """Every postal district's point and label, by row; ``row`` maps a postal-code id to it."""

    row: dict[int, int]
    codes: list[str]
    labels: list[str]
    xyz: np.ndarray


# The process's one table, under one key; replaced when a postal code is new.
_postal_cache: dict[str, _PostalTable] = {}


def postal_table(ids: Iterable[int | None] = ()) -> _PostalTable:
    """The postal districts (reference data): read once per process, again if one is new."""
    table = _postal_cache.get("table")
    if table is None or any(pk is not None and pk not in table.row for pk in ids):
        rows = list(
            PostalCode.objects.order_by("id").values_list(
                "id", "code", "name", "latitude", "longitude"
            )
        )
        table = _postal_cache["table"] = _PostalTable(
            row={r[0]: k for k, r in enumerate(rows)},
            codes=[r[1] for r in rows] + [""],
            labels=[f"{r[1]} {r[2]}" for r in rows] + [""],
            # The extra last row stands for "no postal code".
            xyz=np.vstack([geo.unit_xyz([r[3] for r in rows], [r[4] for r in rows]), [[0, 0, 0]]])
            if rows
            else np.zeros((1, 3)),
        )
    return table


def _points(streets: Any, postal_ids: Any) -> tuple[np.ndarray, list[str]]:
    """Points (n, 3) and "code name" labels; a cached precise point wins over the postal one."""
    table = postal_table(postal_ids)
    missing = len(table.labels) - 1
    rows = [table.row.get(pk, missing) if pk is not None else missing for pk in postal_ids]
    xyz = table.xyz[np.array(rows, dtype=np.int64)] if rows else np.zeros((0, 3))
    labels = [table.labels[k] for k in rows]
    if rows and GeocodedAddress.objects.exists():
        keys = [
            geo.address_key(street or "", table.codes[k]) if k != missing else ""
            for street, k in zip(streets, rows, strict=True)
        ]
        found = dict(
            (key, (lat, lon))
            for key, lat, lon in GeocodedAddress.objects.filter(
                key__in=[k for k in keys if k]
            ).values_list("key", "latitude", "longitude")
        )
        for i, key in enumerate(keys):
            if key in found:
                lat, lon = found[key]
                xyz[i] = geo.unit_xyz([lat], [lon])[0]
    return xyz, labels


def load_children(
    *, site_id: int, referral_ids: Iterable[int] | None = None, today: date | None = None
) -> Children:
    """The site's children ready for matching (or just ``referral_ids``), in two queries."""
    today = today or timezone.localdate()
    now = timezone.now()
    qs = Referral.objects.filter(site_id=site_id, status=ReferralStatus.READY_FOR_MATCHING)
    if referral_ids is not None:
        qs = Referral.objects.filter(site_id=site_id, pk__in=list(referral_ids))
    rows = _fetch(
        qs.annotate(
            tags=Cast("child__need_tags", CharField()),
            days=Cast("matching_profile__weekdays", CharField()),
        )
        .order_by("received_at", "id")
        .values_list(
            "id",  # 0
            "child_id",
            "child__family_id",
            "child__first_name",
            "child__last_name",
            "child__date_of_birth",  # 5
            "tags",
            "child__interests",
            "child__languages",
            "child__family__street_address",
            "child__family__postal_code_id",  # 10
            "child__school_address",
            "child__school_postal_code_id",
            "wish_family_children",
            "wish_father_figure",
            "wish_pets",  # 15
            "allergies",
            "received_at",
            "submitted_at",
            "created_at",
            "days",  # 20
        )
    )
    home, home_labels = _points([r[9] for r in rows], [r[10] for r in rows])
    pickup, pickup_labels = _points(
        [r[11] if r[12] else r[9] for r in rows], [r[12] or r[10] for r in rows]
    )
    received = [_as_datetime(r[17] or r[18] or r[19]) for r in rows]
    tags = [[str(t) for t in _json_list(r[6])] for r in rows]
    # Read straight from the cursor, so the encrypted column is decrypted here.
    allergies = [crypto.decrypt(r[16]) if r[16] else "" for r in rows]
    school_days = weekday_mask(all_school_days())
    return Children(
        referral_ids=np.array([r[0] for r in rows], dtype=np.int64),
        child_ids=np.array([r[1] for r in rows], dtype=np.int64),
        birth_family_ids=np.array([r[2] for r in rows], dtype=np.int64),
        names=[f"{r[3]} {r[4]}" for r in rows],
        age=np.array([age_on(_as_date(r[5]), today) for r in rows], dtype=np.int16),
        need_mask=np.array([need_mask(t) for t in tags], dtype=np.uint8),
        need_level=np.array([need_level(t) for t in tags], dtype=np.int8),
        need_tags=tags,
        weekdays=np.array(
            [weekday_mask_text(r[20]) if r[20] else school_days for r in rows], dtype=np.uint8
        ),
        home=home,
        pickup=pickup,
        home_label=home_labels,
        pickup_label=[label if r[12] else "" for label, r in zip(pickup_labels, rows, strict=True)],
        has_pickup=np.array([bool(r[12]) for r in rows], dtype=bool),
        wish_children=np.array([WISH_CODES.get(r[13] or "", 0) for r in rows], dtype=np.int8),
        wish_father=np.array([bool(r[14]) for r in rows], dtype=bool),
        wish_pets=np.array([PET_WISH_CODES.get(r[15] or "", 0) for r in rows], dtype=np.int8),
        allergy_mask=np.array([text.allergy_mask(a) for a in allergies], dtype=np.uint16),
        allergies=allergies,
        interests=[text.interest_tokens(r[7] or "") for r in rows],
        languages=[text.language_tokens(r[8] or "") - {"dansk"} for r in rows],
        waited_days=np.array(
            [max(0, (now - at).days) if at else 0 for at in received], dtype=np.int32
        ),
        received_at=received,
    )


def load_families(
    *, site_id: int, family_ids: Iterable[int] | None = None, today: date | None = None
) -> Families:
    """The site's families in the programme (or just ``family_ids``), in four queries."""
    today = today or timezone.localdate()
    adult_born_by = years_before(today, ADULT_AGE)
    living = Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=today)
    qs = VolunteerFamily.objects.filter(site_id=site_id)
    if family_ids is not None:
        qs = qs.filter(pk__in=list(family_ids))
    qs = qs.filter(status__in=POOL_STATUSES)
    rows = _fetch(
        qs.annotate(
            days=Cast("weekdays", CharField()),
            cannot=Cast("cannot_take_on", CharField()),
        )
        .order_by("id")
        .values_list(
            "id",  # 0
            "name",
            "status",
            "vetting_complete",
            "max_children",
            "transport",  # 5
            "days",
            "child_age_min",
            "child_age_max",
            "cannot",
            "capacity",  # 10
            "pets",
            "street_address",
            "postal_code_id",
            "activities",
            "languages",  # 15
        )
    )
    columns = list(zip(*rows, strict=True)) if rows else [()] * 16
    ids = list(columns[0])
    index = {pk: j for j, pk in enumerate(ids)}
    members = HouseholdMember.objects.filter(living)
    members = (
        members.filter(family_id__in=ids)
        if family_ids is not None
        else members.filter(family__site_id=site_id, family__status__in=POOL_STATUSES)
    )
    # In one query: the family's own children (under 18) and any adult man.
    kid_ages: list[list[int]] = [[] for _ in rows]
    has_man = np.zeros(len(rows), dtype=bool)
    kids_mask = np.zeros(len(rows), dtype=np.uint32)
    people = _fetch(
        members.filter(Q(date_of_birth__gt=adult_born_by) | Q(gender=Gender.MALE))
        .order_by()
        .values_list("family_id", "date_of_birth", "gender")
    )
    if people:
        family_column, born, gender_column = zip(*people, strict=True)
        family_of = np.array(family_column, dtype=np.int64)
        genders = np.array(gender_column)
        ages = ages_on(born, today)
        position = np.searchsorted(np.array(ids, dtype=np.int64), family_of)
        is_kid = ages < ADULT_AGE
        kid_bits = np.left_shift(
            np.uint32(1), np.clip(ages[is_kid], 0, ADULT_AGE - 1).astype(np.uint32)
        )
        np.bitwise_or.at(kids_mask, position[is_kid], kid_bits)
        has_man[position[~is_kid & (genders == Gender.MALE)]] = True
        for j, age in zip(position[is_kid].tolist(), ages[is_kid].tolist(), strict=True):
            kid_ages[j].append(age)
        for ages_of_family in kid_ages:
            ages_of_family.sort()
    active = np.zeros(len(rows), dtype=np.int16)
    for family_id, n in _fetch(
        Friendship.objects.filter(site_id=site_id, status__in=FRIENDSHIP_ACTIVE_STATUSES)
        .values_list("family_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        j = index.get(family_id)
        if j is not None:
            active[j] = n
    transport = [t if t in geo.TRANSPORT else "car" for t in columns[5]]
    code = np.array([geo.TRANSPORT_CODES.index(t) for t in transport], dtype=np.int64)
    per_km = np.array(
        [m.detour / m.speed_kmh * 60 for m in geo.TRANSPORT.values()], dtype=np.float32
    )
    overhead = np.array([m.overhead_minutes for m in geo.TRANSPORT.values()], dtype=np.float32)
    home, labels = _points(columns[12], columns[13])
    pets = [p or "" for p in columns[11]]
    return Families(
        ids=np.array(ids, dtype=np.int64),
        names=list(columns[1]),
        statuses=list(columns[2]),
        approved=np.isin(np.array(columns[2], dtype=object), MATCHABLE_STATUSES),
        vetting_complete=np.array(columns[3], dtype=bool),
        has_room=np.array([m or 0 for m in columns[4]], dtype=np.int16) > active,
        transport=transport,
        minutes_per_km=per_km[code],
        overhead_minutes=overhead[code],
        weekdays=np.array([weekday_mask_text(t) for t in columns[6]], dtype=np.uint8),
        age_min=np.array(columns[7], dtype=np.int16),
        age_max=np.array(columns[8], dtype=np.int16),
        cannot_mask=np.array([need_mask_text(t) for t in columns[9]], dtype=np.uint8),
        capacity=np.array([CAPACITY_LEVEL.get(c or "", 1) for c in columns[10]], dtype=np.int8),
        pet_mask=np.array([text.pet_mask(p) for p in pets], dtype=np.uint16),
        has_pets=np.array([text.has_pets(p) for p in pets], dtype=bool),
        pets=pets,
        has_man=has_man,
        kids_mask=kids_mask,
        kid_ages=kid_ages,
        home=home,
        home_label=labels,
        activities=[text.interest_tokens(a or "") for a in columns[14]],
        languages=[text.language_tokens(lang or "") for lang in columns[15]],
        index=index,
    )


# The site's families, kept in memory between requests while nothing they are
# read from has changed (docs/decisions/0023-family-table-cache.md).
_family_cache: dict[int, tuple[tuple[Any, ...], Families]] = {}
_family_cache_lock = threading.Lock()


def _fingerprint(site_id: int, today: date) -> tuple[Any, ...] | None:
    """A value that changes whenever a row ``load_families`` reads changes (PostgreSQL).

    The site's and the shared ``FamilyPoolVersion`` counters, which database
    triggers raise on every committed write to the families, their members,
    their friendships and the geocoded points (``QuerySet.update`` and bulk
    writes too): one lookup by key, however large the site. Inside a
    transaction block the caller may have written rows whose counters are not
    committed yet: no caching there, nor on other databases (the embedded
    SQLite).
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return None
    versions = FamilyPoolVersion._meta.db_table
    sql = (
        f"SELECT (SELECT version FROM {versions} WHERE scope = %s),"  # noqa: S608
        f" (SELECT version FROM {versions} WHERE scope = 0)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [site_id])
        row = cursor.fetchone()
    return (today, *(row or ()))


def site_families(*, site_id: int, today: date | None = None) -> Families:
    """``load_families`` for the whole site, from memory while its rows are unchanged.

    The returned table is shared, so its arrays are read-only (a write raises).
    """
    today = today or timezone.localdate()
    key = _fingerprint(site_id, today)
    if key is not None:
        cached = _family_cache.get(site_id)
        if cached is not None and cached[0] == key:
            return cached[1]
    families = load_families(site_id=site_id, today=today).freeze()
    if key is not None:
        with _family_cache_lock:
            _family_cache[site_id] = (key, families)
    return families


def load_blocks(*, site_id: int) -> Blocks:
    """Open proposals, declined pairs and early endings at the site, in three queries."""
    open_children: set[int] = set()
    open_families: set[int] = set()
    for child_id, family_id in MatchProposal.objects.filter(
        site_id=site_id, status__in=OPEN_STATUSES
    ).values_list("child_id", "family_id"):
        open_children.add(child_id)
        open_families.add(family_id)
    declined = set(
        DeclinedPair.objects.filter(family__site_id=site_id).values_list("child_id", "family_id")
    )
    ended: dict[tuple[int, int], str] = {}
    for birth_family, family_id, first_name in Friendship.objects.filter(
        site_id=site_id, status=FriendshipStatus.ENDED_EARLY
    ).values_list("child__family_id", "family_id", "child__first_name"):
        ended[(birth_family, family_id)] = first_name
    return Blocks(open_children, open_families, declined, set(ended), ended)
