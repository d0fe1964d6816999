"""The friendship year at national scale, on top of ``scale.generate_national``.

Adds what the daily jobs work on: running friendships topped up to
``running`` (20,000 for the benchmark: new children, referrals and
friendships with the sites' matched families), and for every running
friendship its agreement, the whole year's visits (held and some cancelled
before today, planned from today to the anniversary, so tomorrow's reminders
are real), its stability figures, the follow-up plan's tasks and the latest
logbook entries. Start dates are spread evenly over the year, so about one
friendship in 365 has its anniversary today. Completed friendships that ended
in the last month have deletion requests (the reminder job's work).

Deterministic (fixed seed) and bulk-inserted in batches; rows are synthetic
and bypass the audit log like the rest of the national dataset.
"""

from __future__ import annotations

import random
import time as clock
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from hjemtilos.core.dates import years_before
from hjemtilos.demo.bulk import batches, bulk, bulk_children
from hjemtilos.demo.generator import LOGBOOK_TEXTS, NEEDS_TEXTS
from hjemtilos.demo.scale import SCALE_DOMAIN, SITE_PREFIX, ScaleDataExistsError
from hjemtilos.followups.models import FollowUpPlan, FollowUpTask, PlanTemplateItem
from hjemtilos.followups.services.plans import due_date, plan_template_ensure
from hjemtilos.friendships.dates import anniversary_of
from hjemtilos.friendships.models import (
    CANCELLED_STATUSES,
    DeletionConfirmation,
    DeletionScope,
    Friendship,
    FriendshipStatus,
    LogbookEntry,
    PlaceKind,
    Side,
    Visit,
    VisitAgreement,
    VisitStatus,
)
from hjemtilos.friendships.services.calendar import weekly_dates
from hjemtilos.organisations.models import Site, SiteMembership
from hjemtilos.referrals.models import (
    Child,
    LegalBasis,
    Referral,
    ReferralStatus,
)
from hjemtilos.volunteers.models import VolunteerFamily, VolunteerFamilyStatus

CHUNK = 1000
PICKUP = time(14, 30)
DROPOFF = time(18, 30)


def _top_up(
    sites: list[Site], need: int, rng: random.Random, today: date, say: Any
) -> list[Friendship]:
    """``need`` new matched children with running friendships, spread over the sites."""
    families: dict[int, list[int]] = {}
    for pk, site_id in VolunteerFamily.objects.filter(
        site__in=sites, status=VolunteerFamilyStatus.MATCHED
    ).values_list("pk", "site_id"):
        families.setdefault(site_id, []).append(pk)
    sites = [s for s in sites if s.pk in families]
    if not sites or need <= 0:
        return []
    postal = {
        site.pk: list(
            Site.objects.get(pk=site.pk).municipality.postal_codes.values_list("pk", flat=True)
        )
        for site in sites
    }
    caseworkers = {
        site_id: pk
        for pk, site_id in Referral.objects.filter(site__in=sites)
        .values_list("caseworker_id", "site_id")
        .distinct()
    }
    names = list(
        Child.objects.filter(family__site__in=sites).values_list("first_name", flat=True)[:600]
    )
    surnames = list(
        Child.objects.filter(family__site__in=sites).values_list("last_name", flat=True)[:600]
    )
    now = timezone.now()
    # A year ago to the day (366 days across a 29 February), so the first friendship's
    # anniversary is today.
    year_ago = years_before(today, 1)
    span = (today - year_ago).days
    created: list[Friendship] = []
    for batch in batches(range(need), CHUNK):
        site_of = [sites[i % len(sites)] for i in batch]
        children = bulk_children(
            rng,
            sites=site_of,
            address=lambda _i, site: {
                "street_address": f"Skolevej {rng.randint(1, 120)}",
                "postal_code_id": rng.choice(postal[site.pk]),
            },
            first_names=names,
            last_names=surnames,
            today=today,
            guardian=lambda family: {"email": f"guardian-{family.pk}@{SCALE_DOMAIN}"},
            child=lambda _family: {"needs": rng.choice(NEEDS_TEXTS), "school": "Skolen"},
        )
        referrals = bulk(
            Referral,
            [
                Referral(
                    child=child,
                    site=site_of[n],
                    caseworker_id=caseworkers.get(site_of[n].pk),
                    status=ReferralStatus.MATCHED,
                    legal_basis=LegalBasis.SECTION_32,
                    consent_recorded_at=now - timedelta(days=400),
                    submitted_at=now - timedelta(days=400),
                    matched_at=now - timedelta(days=380),
                    status_changed_at=now - timedelta(days=380),
                )
                for n, child in enumerate(children)
            ],
        )
        rows = []
        for n, referral in enumerate(referrals):
            # Evenly over the year, from a year ago (the anniversary is today) to yesterday.
            started = year_ago + timedelta(days=((len(created) + n) * span) // need)
            pool = families[site_of[n].pk]
            rows.append(
                Friendship(
                    site=site_of[n],
                    child_id=referral.child_id,
                    referral=referral,
                    family_id=pool[(len(created) + n) % len(pool)],
                    status=FriendshipStatus.RUNNING,
                    first_meeting_on=started - timedelta(days=7),
                    started_on=started,
                    weekday=started.weekday(),
                )
            )
        created += bulk(Friendship, rows)
        say(f"{len(created)} friendships topped up")
    return created


def _plan_tasks(
    friendship: Friendship, items: list[PlanTemplateItem], owner_id: int | None, today: date
) -> list[FollowUpTask]:
    started = friendship.started_on or today
    anchors = {
        "match_found": started - timedelta(days=21),
        "first_meeting": friendship.first_meeting_on,
        "first_solo_visit": friendship.started_on,
        "anniversary": friendship.anniversary_on,
    }
    done = timezone.now() - timedelta(days=1)
    tasks = []
    for item in items:
        due = due_date(item, anchors)
        if due is None:
            continue
        # Staff keep up: what was due more than a week ago is done, one in ten is not.
        completed = due < today - timedelta(days=7) and (friendship.pk + item.pk) % 10 != 0
        tasks.append(
            FollowUpTask(
                site_id=friendship.site_id,
                kind=item.kind,
                title=item.title,
                description=item.description,
                due_on=due,
                owner_id=owner_id,
                friendship_id=friendship.pk,
                plan_item=item,
                shown_to=item.shown_to,
                family_title=item.family_title,
                dedupe_key=f"plan:{friendship.pk}:1:{item.pk}",
                completed_at=done if completed else None,
                completed_by_id=owner_id if completed else None,
            )
        )
    return tasks


def _year_rows(
    friendships: list[Friendship], existing_last: dict[int, date], today: date, rng: random.Random
) -> tuple[list[VisitAgreement], list[Visit]]:
    agreements, visits = [], []
    for friendship in friendships:
        started = friendship.started_on
        if started is None or friendship.anniversary_on is None:
            continue
        agreements.append(
            VisitAgreement(
                friendship=friendship,
                version=1,
                valid_from=started,
                weekday=started.weekday(),
                pickup_time=PICKUP,
                pickup_kind=PlaceKind.SCHOOL,
                pickup_place="Skolen",
                dropoff_time=DROPOFF,
                dropoff_kind=PlaceKind.HOME,
                dropoff_place="Hjemme",
                contact_arrangement="SMS mellem familierne",
                created_at=timezone.now(),
            )
        )
        last = existing_last.get(friendship.pk)
        first = started if last is None else max(last + timedelta(days=1), today)
        for day in weekly_dates(first, started.weekday(), friendship.anniversary_on):
            if day < today:
                status = (
                    VisitStatus.CANCELLED_BY_CHILD_FAMILY
                    if rng.random() < 0.08
                    else VisitStatus.HELD
                )
            else:
                status = VisitStatus.PLANNED
            visits.append(
                Visit(
                    friendship=friendship,
                    date=day,
                    status=status,
                    pickup_time=PICKUP,
                    dropoff_time=DROPOFF,
                    cancel_reason="illness" if status in CANCELLED_STATUSES else "",
                )
            )
    return agreements, visits


def generate_friendship_year(
    *, running: int = 20_000, seed: int = 2026, stdout: Any = None
) -> dict[str, int]:
    """Top up and fill in the friendship year of the national dataset. Returns row counts."""
    started_clock = clock.monotonic()

    def say(text: str) -> None:
        if stdout is not None:
            stdout.write(f"[{clock.monotonic() - started_clock:6.1f}s] year: {text}\n")

    rng = random.Random(seed + 6)
    today = timezone.localdate()
    sites = list(Site.objects.filter(name__startswith=SITE_PREFIX).order_by("pk"))
    if VisitAgreement.objects.filter(friendship__site__in=sites).exists():
        raise ScaleDataExistsError("The friendship year is filled in already; run with --reset.")
    current = Friendship.objects.filter(site__in=sites, status=FriendshipStatus.RUNNING)
    topped = _top_up(sites, running - current.count(), rng, today, say)
    leads = dict(
        SiteMembership.objects.filter(site__in=sites, is_lead=True).values_list(
            "site_id", "user_id"
        )
    )
    plan_items = {site.pk: plan_template_ensure(site=site) for site in sites}
    counts = {"friendships_topped_up": len(topped), "agreements": 0, "visits": 0, "tasks": 0}
    topped_ids = {f.pk for f in topped}
    ids = list(current.order_by("pk").values_list("pk", flat=True))
    for chunk in batches(ids, CHUNK):
        friendships = list(Friendship.objects.filter(pk__in=chunk).order_by("pk"))
        for friendship in friendships:
            started = friendship.started_on or today
            friendship.anniversary_on = anniversary_of(started)
            friendship.weekday = started.weekday()
            friendship.pickup_time, friendship.dropoff_time = PICKUP, DROPOFF
            friendship.pickup_place, friendship.dropoff_place = "Skolen", "Hjemme"
            friendship.contact_person_id = leads.get(friendship.site_id)
        existing_last = dict(
            Visit.objects.filter(friendship_id__in=chunk)
            .exclude(friendship_id__in=topped_ids)
            .values_list("friendship_id")
            .annotate(last=Max("date"))
        )
        agreements, visits = _year_rows(friendships, existing_last, today, rng)
        tasks = [
            task
            for f in friendships
            for task in _plan_tasks(f, plan_items[f.site_id], leads.get(f.site_id), today)
        ]
        with transaction.atomic():
            Friendship.objects.bulk_update(
                friendships,
                [
                    "anniversary_on",
                    "weekday",
                    "pickup_time",
                    "dropoff_time",
                    "pickup_place",
                    "dropoff_place",
                    "contact_person",
                ],
            )
            VisitAgreement.objects.bulk_create(agreements)
            created_visits = Visit.objects.bulk_create(visits, batch_size=5000)
            FollowUpTask.objects.bulk_create(tasks, batch_size=5000)
            FollowUpPlan.objects.bulk_create(FollowUpPlan(friendship=f) for f in friendships)
            _logbook_and_stability(friendships, created_visits, topped_ids, today)
        counts["agreements"] += len(agreements)
        counts["visits"] += len(visits)
        counts["tasks"] += len(tasks)
        say(f"{counts['agreements']} friendships filled in ({counts['visits']} visits)")
    counts["deletion_requests"] = _deletion_requests(sites, today)
    say(f"{counts['deletion_requests']} deletion requests")
    return counts


def _logbook_and_stability(
    friendships: list[Friendship], visits: list[Visit], topped: set[int], today: date
) -> None:
    """The topped-up friendships' last two visits get (unscreened) entries; every
    friendship in the chunk gets its stability figures from its visits."""
    latest: dict[int, list[Visit]] = {}
    for visit in visits:
        if visit.friendship_id in topped and visit.status == VisitStatus.HELD:
            latest.setdefault(visit.friendship_id, []).append(visit)
    LogbookEntry.objects.bulk_create(
        LogbookEntry(
            friendship_id=visit.friendship_id,
            visit=visit,
            written_at=timezone.make_aware(datetime.combine(visit.date, time(19))),
            rating=4,
            mood="happy",
            tags=["dinner"],
            text=LOGBOOK_TEXTS[visit.pk % len(LOGBOOK_TEXTS)],
            overnight_stay=False,
        )
        for held in latest.values()
        for visit in held[-2:]
    )
    ids = [f.pk for f in friendships]
    figures: dict[int, Any] = {
        row["friendship_id"]: row
        for row in Visit.objects.filter(friendship_id__in=ids)
        .values("friendship_id")
        .annotate(
            held=Count("id", filter=Q(status=VisitStatus.HELD)),
            cancelled=Count("id", filter=Q(status__in=CANCELLED_STATUSES)),
            by_child=Count("id", filter=Q(status=VisitStatus.CANCELLED_BY_CHILD_FAMILY)),
            last=Max("date", filter=Q(status=VisitStatus.HELD)),
        )
    }
    for friendship in friendships:
        row = figures.get(friendship.pk, {})
        friendship.visits_held = row.get("held", 0)
        friendship.visits_cancelled = row.get("cancelled", 0)
        friendship.cancelled_by_child_family = row.get("by_child", 0)
        friendship.last_held_on = row.get("last")
    Friendship.objects.bulk_update(
        friendships,
        ["visits_held", "visits_cancelled", "cancelled_by_child_family", "last_held_on"],
    )


def _deletion_requests(sites: list[Site], today: date) -> int:
    """Friendships completed in the last month asked the families to confirm deletion."""
    ended = Friendship.objects.filter(
        site__in=sites,
        status=FriendshipStatus.COMPLETED,
        ended_on__gte=today - timedelta(days=30),
        ended_on__lte=today,
    ).values_list("pk", "ended_on", "continues_privately")
    rows = []
    for pk, ended_on, continues in ended:
        if ended_on is None:
            continue
        at = timezone.make_aware(datetime.combine(ended_on, time(6)))
        rows.append(
            DeletionConfirmation(
                friendship_id=pk,
                side=Side.VOLUNTEER_FAMILY,
                scope=DeletionScope.MATCH_PAPER if continues else DeletionScope.CONTACT_DETAILS,
                requested_at=at,
            )
        )
        if not continues:
            rows.append(
                DeletionConfirmation(
                    friendship_id=pk,
                    side=Side.CHILD_FAMILY,
                    scope=DeletionScope.CONTACT_DETAILS,
                    requested_at=at,
                )
            )
    DeletionConfirmation.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
