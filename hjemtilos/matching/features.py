"""Children and families as columns of numbers, read in a fixed number of queries.

The engine compares every child with every family with numpy, so each fact
it needs becomes one array: bit masks for weekdays, needs, animals and the
ages of the family's own children, points as 3-d vectors, codes for wishes
and transport. Free text is read once per child and family (``text``), never
per pair. Reads go through the other apps' models; nothing here writes.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import CharField, Count, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from hjemtilos.friendships.models import Friendship, FriendshipStatus
from hjemtilos.matching import geo, text
from hjemtilos.matching.models import (
    OPEN_STATUSES,
    DeclinedPair,
    GeocodedAddress,
    MatchProposal,
    all_school_days,
)
from hjemtilos.organisations.models import PostalCode
from hjemtilos.referrals.models import NeedTag, Referral, ReferralStatus
from hjemtilos.volunteers.models import (
    Capacity,
    Gender,
    HouseholdMember,
    VolunteerFamily,
    VolunteerFamilyStatus,
)

ADULT_AGE = 18
NEED_BITS = {tag: 1 << index for index, tag in enumerate(NeedTag.values)}
# Needs that call for a family with ample capacity (*overskud*): SPEC 3 step 6 names
# "marked attention disorders"; autism is treated alike.
MARKED_NEEDS = frozenset({NeedTag.ADHD, NeedTag.AUTISM})
CAPACITY_LEVEL = {Capacity.LIMITED: 0, Capacity.GOOD: 1, Capacity.AMPLE: 2, "": 1}
WISH_CODES = {"": 0, "older": 1, "same_age": 2, "younger": 3, "none_at_home": 4}
PET_WISH_CODES = {"": 0, "would_like": 1, "none": 2}

# Families staff think of as "in the programme": the pool a child's
# candidates come from; the ones that are not approved are counted as excluded.
POOL_STATUSES = (
    VolunteerFamilyStatus.APPLIED,
    VolunteerFamilyStatus.INTERVIEW_PLANNED,
    VolunteerFamilyStatus.INTERVIEWED,
    VolunteerFamilyStatus.VETTING,
    VolunteerFamilyStatus.APPROVED,
    VolunteerFamilyStatus.MATCHED,
    VolunteerFamilyStatus.RESTING,
)
# A matched family may take one more child when staff set ``max_children`` above one.
MATCHABLE_STATUSES = (VolunteerFamilyStatus.APPROVED, VolunteerFamilyStatus.MATCHED)
ACTIVE_FRIENDSHIP = (FriendshipStatus.PLANNED, FriendshipStatus.RUNNING)


def weekday_mask(days: Iterable[Any]) -> int:
    mask = 0
    for day in days or ():
        try:
            number = int(day)
        except (TypeError, ValueError):
            continue
        if 0 <= number <= 6:
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
        return 0
    if MARKED_NEEDS & set(tags) or len(tags) >= 2:
        return 2
    return 1


def years_between(born: date, on: date) -> int:
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years


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


def _take(table: Any, positions: np.ndarray) -> Any:
    picked: dict[str, Any] = {}
    for column in fields(table):
        value = getattr(table, column.name)
        if isinstance(value, np.ndarray):
            picked[column.name] = value[positions]
        elif isinstance(value, list):
            picked[column.name] = [value[k] for k in positions.tolist()]
    return replace(table, **picked)


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


@dataclass
class _PostalTable:
    """Every postal district's point and label, by row; ``row`` maps a postal-code id to it."""

    row: dict[int, int]
    codes: list[str]
    labels: list[str]
    xyz: np.ndarray


_postal: _PostalTable | None = None


def postal_table(ids: Iterable[int | None] = ()) -> _PostalTable:
    """The postal districts (reference data): read once per process, again if one is new."""
    global _postal
    if _postal is None or any(pk is not None and pk not in _postal.row for pk in ids):
        rows = list(
            PostalCode.objects.order_by("id").values_list(
                "id", "code", "name", "latitude", "longitude"
            )
        )
        _postal = _PostalTable(
            row={r[0]: k for k, r in enumerate(rows)},
            codes=[r[1] for r in rows] + [""],
            labels=[f"{r[1]} {r[2]}" for r in rows] + [""],
            # The extra last row stands for "no postal code".
            xyz=np.vstack([geo.unit_xyz([r[3] for r in rows], [r[4] for r in rows]), [[0, 0, 0]]])
            if rows
            else np.zeros((1, 3)),
        )
    return _postal


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
    school_days = weekday_mask(all_school_days())
    return Children(
        referral_ids=np.array([r[0] for r in rows], dtype=np.int64),
        child_ids=np.array([r[1] for r in rows], dtype=np.int64),
        birth_family_ids=np.array([r[2] for r in rows], dtype=np.int64),
        names=[f"{r[3]} {r[4]}" for r in rows],
        age=np.array([years_between(_as_date(r[5]), today) for r in rows], dtype=np.int16),
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
        allergy_mask=np.array([text.allergy_mask(r[16] or "") for r in rows], dtype=np.uint16),
        allergies=[r[16] or "" for r in rows],
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
    adult_born_by = _years_before(today, ADULT_AGE)
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
        Friendship.objects.filter(site_id=site_id, status__in=ACTIVE_FRIENDSHIP)
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


# The site's families, kept in memory between requests while nothing they are
# read from has changed (docs/decisions/0023-family-table-cache.md).
_family_cache: dict[int, tuple[tuple[Any, ...], Families]] = {}
_family_cache_lock = threading.Lock()


def _fingerprint(site_id: int, today: date) -> tuple[Any, ...] | None:
    """A value that changes whenever a row ``load_families`` reads changes (PostgreSQL).

    PostgreSQL stamps every row version with the transaction that wrote it
    (``xmin``), also for ``QuerySet.update``. Per table (the families,
    their members, their friendships, the geocoded points): the count, the
    sum of ``xmin`` (a committed update raises it) and the sum of ids (an
    insert raises it). Inside a transaction block the caller may have
    written rows with its own, still equal ``xmin``: no caching there, nor
    on other databases (the embedded SQLite).
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return None
    family = VolunteerFamily._meta.db_table
    member = HouseholdMember._meta.db_table
    friendship = Friendship._meta.db_table
    geocoded = GeocodedAddress._meta.db_table
    summary = (
        "count(*)::text || ':' || coalesce(sum({t}.xmin::text::bigint), 0)::text"
        " || ':' || coalesce(sum({t}.id), 0)::text"
    )
    sql = (
        f"SELECT (SELECT {summary.format(t=family)} FROM {family} WHERE site_id = %s),"  # noqa: S608
        f" (SELECT {summary.format(t=member)} FROM {member}"
        f" JOIN {family} ON {family}.id = {member}.family_id WHERE {family}.site_id = %s),"
        f" (SELECT {summary.format(t=friendship)} FROM {friendship} WHERE site_id = %s),"
        f" (SELECT {summary.format(t=geocoded)} FROM {geocoded})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [site_id, site_id, site_id])
        row = cursor.fetchone()
    return (today, *(row or ()))


def site_families(*, site_id: int, today: date | None = None) -> Families:
    """``load_families`` for the whole site, from memory while its rows are unchanged.

    The returned table is shared: callers must not change its arrays.
    """
    today = today or timezone.localdate()
    key = _fingerprint(site_id, today)
    if key is not None:
        cached = _family_cache.get(site_id)
        if cached is not None and cached[0] == key:
            return cached[1]
    families = load_families(site_id=site_id, today=today)
    if key is not None:
        with _family_cache_lock:
            _family_cache[site_id] = (key, families)
    return families


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass
class Blocks:
    """Facts about pairs rather than sides: open proposals, declines, early endings."""

    open_children: set[int]  # child ids in an open proposal
    open_families: set[int]  # family ids in an open proposal
    declined: set[tuple[int, int]]  # (child id, family id)
    ended_early: set[tuple[int, int]]  # (birth family id, family id)
    ended_early_children: dict[tuple[int, int], str]  # → first name of the child it was


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
