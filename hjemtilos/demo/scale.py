"""The national dataset for benchmarks: 100 sites, 20,000 children, 15,000 families,
1,000,000 visits and logbook entries — built with bulk inserts in minutes.

Deterministic (fixed seed). Names come from pools drawn once from Faker
``da_DK``, because calling Faker per row would dominate the run time. Bulk
inserts (``demo.bulk``) bypass model signals, so these rows are not in the audit
log (they are synthetic).
"""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta
from typing import Any

from auditlog.context import disable_auditlog
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from faker import Faker

from hjemtilos.accounts.models import Role, User
from hjemtilos.demo import matching_facts
from hjemtilos.demo.bulk import batches, bulk, bulk_children
from hjemtilos.demo.generator import DEMO_PASSWORD, LOGBOOK_TEXTS, NEEDS_TEXTS
from hjemtilos.friendships.dates import anniversary_of
from hjemtilos.friendships.models import (
    Friendship,
    FriendshipStatus,
    LogbookEntry,
    Visit,
    VisitStatus,
)
from hjemtilos.organisations.models import Municipality, PostalCode, Site, SiteMembership
from hjemtilos.referrals.models import (
    BirthFamily,
    Child,
    LegalBasis,
    Referral,
    ReferralStatus,
)
from hjemtilos.volunteers.models import (
    HouseholdMember,
    RecruitmentChannel,
    VolunteerFamily,
    VolunteerFamilyStatus,
)

SCALE_DOMAIN = "scale.example.org"
SITE_PREFIX = "Hjem til Os (skala) "

# Shares of children per referral status; "matched" children get friendships.
REFERRAL_SHARES: list[tuple[str, float]] = [
    (ReferralStatus.SUBMITTED, 0.04),
    (ReferralStatus.RECEIVED, 0.03),
    (ReferralStatus.HOME_VISIT_PLANNED, 0.03),
    (ReferralStatus.HOME_VISIT_HELD, 0.03),
    (ReferralStatus.READY_FOR_MATCHING, 0.12),
    (ReferralStatus.ON_HOLD, 0.02),
    (ReferralStatus.WITHDRAWN, 0.04),
    (ReferralStatus.NOT_ELIGIBLE, 0.02),
    (ReferralStatus.DRAFT, 0.02),
]
FAMILY_SHARES: list[tuple[str, float]] = [
    (VolunteerFamilyStatus.APPLIED, 0.06),
    (VolunteerFamilyStatus.INTERVIEW_PLANNED, 0.04),
    (VolunteerFamilyStatus.INTERVIEWED, 0.04),
    (VolunteerFamilyStatus.VETTING, 0.06),
    (VolunteerFamilyStatus.APPROVED, 0.10),
    (VolunteerFamilyStatus.RESTING, 0.08),
    (VolunteerFamilyStatus.WITHDRAWN, 0.03),
    (VolunteerFamilyStatus.REJECTED, 0.02),
]


def _vetted_facts(rng: random.Random, status: str) -> dict[str, Any]:
    """What an approved (or matched, resting) family offers, and its vetting flag set."""
    if status not in (
        VolunteerFamilyStatus.APPROVED,
        VolunteerFamilyStatus.MATCHED,
        VolunteerFamilyStatus.RESTING,
    ):
        return {}
    offered = matching_facts.family_facts(rng)
    offered.pop("weekdays")  # the dataset's own weekdays stay
    return {**offered, "vetting_complete": True}


class ScaleDataExistsError(Exception):
    """The national dataset is loaded already; reset it first."""


def scale_data_exists() -> bool:
    return User.objects.filter(email__endswith=f"@{SCALE_DOMAIN}").exists()


def reset_national() -> None:
    """Delete the national dataset (only rows the generator made).

    Without audit entries: the rows are the generator's, not anyone's case, and one entry per
    deleted row made a reset of a national dataset take hours.
    """
    sites = Site.objects.filter(name__startswith=SITE_PREFIX)
    with transaction.atomic(), disable_auditlog():
        LogbookEntry.objects.filter(friendship__site__in=sites).delete()
        Visit.objects.filter(friendship__site__in=sites).delete()
        Friendship.objects.filter(site__in=sites).delete()
        Referral.objects.filter(site__in=sites).delete()
        Child.objects.filter(family__site__in=sites).delete()
        BirthFamily.objects.filter(site__in=sites).delete()
        VolunteerFamily.objects.filter(site__in=sites).delete()
        SiteMembership.objects.filter(site__in=sites).delete()
        User.objects.filter(email__endswith=f"@{SCALE_DOMAIN}").delete()
        sites.delete()


def _split(total: int, shares: list[tuple[str, float]], rest: str) -> list[str]:
    """A list of ``total`` statuses following ``shares``; the remainder gets ``rest``."""
    statuses: list[str] = []
    for status, share in shares:
        statuses += [status] * int(total * share)
    statuses += [rest] * (total - len(statuses))
    return statuses


def generate_national(
    *,
    seed: int = 2026,
    sites: int = 100,
    children: int = 20_000,
    families: int = 15_000,
    visits_and_entries: int = 1_000_000,
    stdout: Any = None,
) -> dict[str, int]:
    """Build the dataset; returns the number of rows per kind."""
    if scale_data_exists():
        raise ScaleDataExistsError("The national dataset exists; run with --reset to rebuild it.")
    started = time.monotonic()

    def say(text: str) -> None:
        if stdout is not None:
            stdout.write(f"[{time.monotonic() - started:6.1f}s] {text}\n")

    rng = random.Random(seed)
    # Matching facts come from a generator of their own, so adding them left
    # every other generated value as it was.
    facts = random.Random(seed + 1)
    fake = Faker("da_DK")
    fake.seed_instance(seed)
    first_names = [fake.first_name() for _ in range(600)]
    last_names = [fake.last_name() for _ in range(600)]
    streets = [fake.street_address() for _ in range(1500)]
    today = timezone.localdate()
    now = timezone.now()
    password = make_password(DEMO_PASSWORD)

    municipalities = list(Municipality.objects.order_by("code")[:sites])
    codes_by_municipality: dict[int, list[PostalCode]] = {}
    for code in PostalCode.objects.filter(municipality__in=municipalities):
        codes_by_municipality.setdefault(code.municipality_id, []).append(code)
    municipalities = [m for m in municipalities if m.pk in codes_by_municipality]

    site_rows = bulk(
        Site,
        [Site(name=f"{SITE_PREFIX}{m.name}", municipality=m) for m in municipalities],
    )
    staff = bulk(
        User,
        [
            User(
                email=f"staff-{i}@{SCALE_DOMAIN}",
                password=password,
                first_name=rng.choice(first_names),
                last_name=rng.choice(last_names),
                role=Role.STAFF,
            )
            for i in range(len(site_rows) * 2)
        ],
    )
    bulk(
        SiteMembership,
        [
            SiteMembership(site=site, user=staff[2 * n + k], is_lead=k == 0)
            for n, site in enumerate(site_rows)
            for k in range(2)
        ],
    )
    caseworkers = bulk(
        User,
        [
            User(
                email=f"caseworker-{i}@{SCALE_DOMAIN}",
                password=password,
                first_name=rng.choice(first_names),
                last_name=rng.choice(last_names),
                role=Role.CASEWORKER,
                municipality=site.municipality,
            )
            for i, site in enumerate(site_rows)
        ],
    )
    say(f"{len(site_rows)} sites, {len(staff)} staff, {len(caseworkers)} caseworkers")

    # Children: running/completed/ended friendships take the "matched" share.
    statuses = _split(children, REFERRAL_SHARES, ReferralStatus.MATCHED)
    rng.shuffle(statuses)
    site_of = [site_rows[i % len(site_rows)] for i in range(children)]
    child_rows = bulk_children(
        rng,
        sites=site_of,
        address=lambda _i, site: {
            "street_address": rng.choice(streets),
            "postal_code": rng.choice(codes_by_municipality[site.municipality_id]),
        },
        first_names=first_names,
        last_names=last_names,
        today=today,
        child=lambda _family: {
            "needs": rng.choice(NEEDS_TEXTS),
            **matching_facts.child_facts(facts),
        },
    )
    referrals = bulk(
        Referral,
        [
            Referral(
                child=child,
                site=site_of[i],
                # One caseworker per site's municipality, in site order.
                caseworker=caseworkers[i % len(caseworkers)],
                status=statuses[i],
                legal_basis=LegalBasis.SECTION_32,
                consent_recorded_at=now - timedelta(days=rng.randint(30, 900)),
                submitted_at=now - timedelta(days=rng.randint(20, 900)),
                status_changed_at=now - timedelta(days=rng.randint(0, 20)),
                **matching_facts.referral_wishes(facts),
            )
            for i, child in enumerate(child_rows)
        ],
    )
    say(f"{len(child_rows)} children with families, guardians and referrals")

    family_statuses = _split(families, FAMILY_SHARES, VolunteerFamilyStatus.MATCHED)
    rng.shuffle(family_statuses)
    family_rows = bulk(
        VolunteerFamily,
        [
            VolunteerFamily(
                site=site_rows[i % len(site_rows)],
                name=f"Familien {rng.choice(last_names)}",
                street_address=rng.choice(streets),
                postal_code=rng.choice(
                    codes_by_municipality[site_rows[i % len(site_rows)].municipality_id]
                ),
                status=family_statuses[i],
                recruitment_channel=rng.choice(RecruitmentChannel.values),
                weekdays=sorted(rng.sample(range(5), k=rng.randint(1, 3))),
                applied_at=now - timedelta(days=rng.randint(30, 900)),
                **_vetted_facts(facts, family_statuses[i]),
            )
            for i in range(families)
        ],
    )
    members: list[HouseholdMember] = []
    for family in family_rows:
        for k in range(rng.randint(2, 5)):
            adult = k < 2
            age_days = rng.randint(30 * 365, 60 * 365) if adult else rng.randint(365, 19 * 365)
            members.append(
                HouseholdMember(
                    family=family,
                    first_name=rng.choice(first_names),
                    last_name=family.name.removeprefix("Familien "),
                    date_of_birth=today - timedelta(days=age_days),
                )
            )
    bulk(HouseholdMember, members)
    say(f"{len(family_rows)} volunteer families with {len(members)} members")

    # Friendships: pair matched children with families, site by site.
    free_families: dict[int, list[VolunteerFamily]] = {}
    for family in family_rows:
        if family.status in (VolunteerFamilyStatus.MATCHED, VolunteerFamilyStatus.RESTING):
            free_families.setdefault(family.site_id, []).append(family)
    friendships: list[Friendship] = []
    for referral in referrals:
        if referral.status != ReferralStatus.MATCHED:
            continue
        pool = free_families.get(referral.site_id) or []
        if not pool:
            continue
        family = pool[len(friendships) % len(pool)]
        roll = rng.random()
        status = (
            FriendshipStatus.RUNNING
            if roll < 0.5
            else FriendshipStatus.COMPLETED
            if roll < 0.92
            else FriendshipStatus.ENDED_EARLY
        )
        weeks_ago = rng.randint(2, 51) if status == "running" else rng.randint(53, 150)
        started_on = today - timedelta(weeks=weeks_ago)
        friendships.append(
            Friendship(
                site_id=referral.site_id,
                child_id=referral.child_id,
                referral=referral,
                family=family,
                status=status,
                first_meeting_on=started_on - timedelta(days=7),
                started_on=started_on,
                weekday=started_on.weekday(),
                ended_on=anniversary_of(started_on) if status != "running" else None,
                continues_privately=rng.random() < 0.85 if status == "completed" else None,
            )
        )
    friendships = bulk(Friendship, friendships)
    say(f"{len(friendships)} friendships")

    # Visits and logbook entries, weekly, until the total is reached.
    target_visits = visits_and_entries // 2
    per_friendship = max(1, target_visits // max(1, len(friendships)))
    visits: list[Visit] = []
    for friendship in friendships:
        for week in range(per_friendship):
            visits.append(
                Visit(
                    friendship=friendship,
                    date=(friendship.started_on or today) + timedelta(weeks=week),
                    status=VisitStatus.HELD,
                )
            )
            if len(visits) >= target_visits:
                break
        if len(visits) >= target_visits:
            break
    while len(visits) < target_visits and friendships:
        friendship = friendships[len(visits) % len(friendships)]
        visits.append(
            Visit(
                friendship=friendship,
                date=(friendship.started_on or today) + timedelta(days=len(visits) % 365),
                status=VisitStatus.HELD,
            )
        )
    visit_count = 0
    entry_count = 0
    target_entries = visits_and_entries - len(visits)
    for batch in batches(visits):
        with transaction.atomic():
            created = Visit.objects.bulk_create(batch)
            visit_count += len(created)
            entries = [
                LogbookEntry(
                    friendship_id=visit.friendship_id,
                    visit=visit,
                    written_at=timezone.make_aware(
                        datetime.combine(visit.date, datetime.min.time()) + timedelta(hours=19)
                    ),
                    text=LOGBOOK_TEXTS[(visit_count + i) % len(LOGBOOK_TEXTS)],
                    screened_at=now,
                )
                for i, visit in enumerate(created)
            ][: max(0, target_entries - entry_count)]
            LogbookEntry.objects.bulk_create(entries)
            entry_count += len(entries)
        say(f"{visit_count} visits, {entry_count} logbook entries")

    return {
        "sites": len(site_rows),
        "children": len(child_rows),
        "volunteer_families": len(family_rows),
        "friendships": len(friendships),
        "visits": visit_count,
        "logbook_entries": entry_count,
    }
