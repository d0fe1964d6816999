"""Children and families as columns of numbers, read in a fixed number of queries.

The engine compares every child with every family with numpy, so each fact
it needs becomes one array: bit masks for weekdays, needs, animals and the
ages of the family's own children, points as 3-d vectors, codes for wishes
and transport. Free text is read once per child and family (``text``), never
per pair. Reads go through the other apps' models; nothing here writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from typing import Any

import numpy as np
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from hjemtilos.friendships.models import Friendship, FriendshipStatus
from hjemtilos.matching import geo, text
from hjemtilos.matching.models import (
    OPEN_STATUSES,
    ChildMatchingProfile,
    DeclinedPair,
    GeocodedAddress,
    MatchProposal,
    all_school_days,
)
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

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, cols: np.ndarray) -> Families:
        """The families at ``cols``, in that order."""
        taken = _take(self, cols)
        return replace(taken, index={int(pk): j for j, pk in enumerate(taken.ids.tolist())})


def _take(table: Any, positions: np.ndarray) -> Any:
    picked: dict[str, Any] = {}
    for column in fields(table):
        value = getattr(table, column.name)
        if isinstance(value, np.ndarray):
            picked[column.name] = value[positions]
        elif isinstance(value, list):
            picked[column.name] = [value[k] for k in positions.tolist()]
    return replace(table, **picked)


def _points(
    rows: list[tuple[str, str, float | None, float | None]],
) -> np.ndarray:
    """(street, postal code, lat, lon) rows → (n, 3); a cached precise point wins."""
    keys = [geo.address_key(street, code) for street, code, _lat, _lon in rows]
    cached: dict[str, tuple[float, float]] = {}
    wanted = [k for k in keys if k]
    if wanted and GeocodedAddress.objects.exists():
        cached = {
            key: (lat, lon)
            for key, lat, lon in GeocodedAddress.objects.filter(key__in=wanted).values_list(
                "key", "latitude", "longitude"
            )
        }
    lats = np.empty(len(rows))
    lons = np.empty(len(rows))
    for i, (key, (_s, _c, lat, lon)) in enumerate(zip(keys, rows, strict=True)):
        point = cached.get(key)
        lats[i], lons[i] = point if point else (lat or 0.0, lon or 0.0)
    return geo.unit_xyz(lats, lons).reshape(len(rows), 3)


def load_children(
    *, site_id: int, referral_ids: Iterable[int] | None = None, today: date | None = None
) -> Children:
    """The site's children ready for matching (or just ``referral_ids``), in one query."""
    today = today or timezone.localdate()
    now = timezone.now()
    qs = Referral.objects.filter(site_id=site_id, status=ReferralStatus.READY_FOR_MATCHING)
    if referral_ids is not None:
        qs = Referral.objects.filter(site_id=site_id, pk__in=list(referral_ids))
    rows = list(
        qs.order_by("received_at", "id").values_list(
            "id",
            "child_id",
            "child__family_id",
            "child__first_name",
            "child__last_name",
            "child__date_of_birth",
            "child__need_tags",
            "child__interests",
            "child__languages",
            "child__family__street_address",
            "child__family__postal_code__code",
            "child__family__postal_code__name",
            "child__family__postal_code__latitude",
            "child__family__postal_code__longitude",
            "child__school_address",
            "child__school_postal_code__code",
            "child__school_postal_code__name",
            "child__school_postal_code__latitude",
            "child__school_postal_code__longitude",
            "wish_family_children",
            "wish_father_figure",
            "wish_pets",
            "allergies",
            "received_at",
            "submitted_at",
            "created_at",
        )
    )
    profiles = dict(
        ChildMatchingProfile.objects.filter(referral_id__in=[r[0] for r in rows]).values_list(
            "referral_id", "weekdays"
        )
    )
    n = len(rows)
    home_rows = [(r[9], r[10], r[12], r[13]) for r in rows]
    pickup_rows = [
        (r[14], r[15], r[17], r[18]) if r[15] else (r[9], r[10], r[12], r[13]) for r in rows
    ]
    received = [r[23] or r[24] or r[25] for r in rows]
    tags = [list(r[6] or []) for r in rows]
    return Children(
        referral_ids=np.array([r[0] for r in rows], dtype=np.int64),
        child_ids=np.array([r[1] for r in rows], dtype=np.int64),
        birth_family_ids=np.array([r[2] for r in rows], dtype=np.int64),
        names=[f"{r[3]} {r[4]}" for r in rows],
        age=np.array([years_between(r[5], today) for r in rows], dtype=np.int16),
        need_mask=np.array([need_mask(t) for t in tags], dtype=np.uint8),
        need_level=np.array([need_level(t) for t in tags], dtype=np.int8),
        need_tags=tags,
        weekdays=np.array(
            [weekday_mask(profiles.get(r[0], all_school_days())) for r in rows], dtype=np.uint8
        ),
        home=_points(home_rows),
        pickup=_points(pickup_rows),
        home_label=[f"{r[10]} {r[11]}" for r in rows],
        pickup_label=[f"{r[15]} {r[16]}" if r[15] else "" for r in rows],
        has_pickup=np.array([bool(r[15]) for r in rows], dtype=bool),
        wish_children=np.array([WISH_CODES.get(r[19] or "", 0) for r in rows], dtype=np.int8),
        wish_father=np.array([bool(r[20]) for r in rows], dtype=bool),
        wish_pets=np.array([PET_WISH_CODES.get(r[21] or "", 0) for r in rows], dtype=np.int8),
        allergy_mask=np.array([text.allergy_mask(r[22] or "") for r in rows], dtype=np.uint16),
        allergies=[r[22] or "" for r in rows],
        interests=[text.interest_tokens(r[7] or "") for r in rows],
        languages=[text.language_tokens(r[8] or "") - {"dansk"} for r in rows],
        waited_days=np.array(
            [max(0, (now - at).days) if at else 0 for at in received], dtype=np.int32
        ).reshape(n),
        received_at=received,
    )


def load_families(
    *, site_id: int, family_ids: Iterable[int] | None = None, today: date | None = None
) -> Families:
    """The site's families in the programme (or just ``family_ids``), in two queries."""
    today = today or timezone.localdate()
    adult_born_by = _years_before(today, ADULT_AGE)
    living = Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=today)
    active = (
        Friendship.objects.filter(family_id=OuterRef("pk"), status__in=ACTIVE_FRIENDSHIP)
        .order_by()
        .values("family_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    man = HouseholdMember.objects.filter(
        living,
        family_id=OuterRef("pk"),
        gender=Gender.MALE,
        date_of_birth__lte=adult_born_by,
    )
    qs = VolunteerFamily.objects.filter(site_id=site_id)
    qs = qs.filter(pk__in=list(family_ids)) if family_ids is not None else qs
    qs = qs.filter(status__in=POOL_STATUSES)
    rows = list(
        qs.annotate(
            active=Coalesce(Subquery(active, output_field=IntegerField()), 0),
            has_man=Exists(man),
        )
        .order_by("id")
        .values_list(
            "id",
            "name",
            "status",
            "vetting_complete",
            "max_children",
            "active",
            "transport",
            "weekdays",
            "child_age_min",
            "child_age_max",
            "cannot_take_on",
            "capacity",
            "pets",
            "has_man",
            "street_address",
            "postal_code__code",
            "postal_code__name",
            "postal_code__latitude",
            "postal_code__longitude",
            "activities",
            "languages",
        )
    )
    ids = [r[0] for r in rows]
    index = {pk: j for j, pk in enumerate(ids)}
    # The family's own children: members under 18 who live there.
    kid_ages: list[list[int]] = [[] for _ in rows]
    kid_rows = HouseholdMember.objects.filter(living, date_of_birth__gt=adult_born_by)
    kid_rows = (
        kid_rows.filter(family_id__in=ids)
        if family_ids is not None
        else kid_rows.filter(family__site_id=site_id, family__status__in=POOL_STATUSES)
    )
    for family_id, born in kid_rows.values_list("family_id", "date_of_birth"):
        j = index.get(family_id)
        if j is not None:
            kid_ages[j].append(years_between(born, today))
    kids_mask = np.zeros(len(rows), dtype=np.uint32)
    for j, ages in enumerate(kid_ages):
        ages.sort()
        for age in ages:
            kids_mask[j] |= np.uint32(1 << max(0, min(age, ADULT_AGE - 1)))
    transport = [r[6] if r[6] in geo.TRANSPORT else "car" for r in rows]
    models = [geo.TRANSPORT[t] for t in transport]
    return Families(
        ids=np.array(ids, dtype=np.int64),
        names=[r[1] for r in rows],
        statuses=[r[2] for r in rows],
        approved=np.array([r[2] in MATCHABLE_STATUSES for r in rows], dtype=bool),
        vetting_complete=np.array([bool(r[3]) for r in rows], dtype=bool),
        has_room=np.array([r[5] < max(r[4], 0) for r in rows], dtype=bool),
        transport=transport,
        minutes_per_km=np.array([m.detour / m.speed_kmh * 60 for m in models], dtype=np.float32),
        overhead_minutes=np.array([m.overhead_minutes for m in models], dtype=np.float32),
        weekdays=np.array([weekday_mask(r[7]) for r in rows], dtype=np.uint8),
        age_min=np.array([r[8] for r in rows], dtype=np.int16),
        age_max=np.array([r[9] for r in rows], dtype=np.int16),
        cannot_mask=np.array([need_mask(r[10]) for r in rows], dtype=np.uint8),
        capacity=np.array([CAPACITY_LEVEL.get(r[11] or "", 1) for r in rows], dtype=np.int8),
        pet_mask=np.array([text.pet_mask(r[12] or "") for r in rows], dtype=np.uint16),
        has_pets=np.array([text.has_pets(r[12] or "") for r in rows], dtype=bool),
        pets=[r[12] or "" for r in rows],
        has_man=np.array([bool(r[13]) for r in rows], dtype=bool),
        kids_mask=kids_mask,
        kid_ages=kid_ages,
        home=_points([(r[14], r[15], r[17], r[18]) for r in rows]),
        home_label=[f"{r[15]} {r[16]}" for r in rows],
        activities=[text.interest_tokens(r[19] or "") for r in rows],
        languages=[text.language_tokens(r[20] or "") for r in rows],
        index=index,
    )


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

