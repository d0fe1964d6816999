"""The home pages of staff, the advisory team, volunteers and parents (``core.homes``).

They read referrals, volunteer families and friendships, so they live here,
in the lowest app that owns all they read. Queries are a fixed number per
page (aggregates, not loops over rows).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Min, Q
from django.utils import timezone

from hjemtilos.accounts.models import User
from hjemtilos.friendships.models import Friendship, FriendshipStatus, LogbookEntry
from hjemtilos.friendships.selectors import portal_home, staff_year_figures
from hjemtilos.organisations.models import Site, SiteTarget
from hjemtilos.organisations.selectors import site_ids_for_staff
from hjemtilos.referrals.models import ReferralStatus
from hjemtilos.volunteers.models import VolunteerFamily, VolunteerFamilyStatus

# Referral statuses that mean "staff have work to do before matching".
INTAKE = [ReferralStatus.SUBMITTED]
SCREENING = [
    ReferralStatus.RECEIVED,
    ReferralStatus.HOME_VISIT_PLANNED,
    ReferralStatus.HOME_VISIT_HELD,
]
VETTING = [
    VolunteerFamilyStatus.APPLIED,
    VolunteerFamilyStatus.INTERVIEW_PLANNED,
    VolunteerFamilyStatus.INTERVIEWED,
    VolunteerFamilyStatus.VETTING,
]


def _site_figures(site_ids: Any) -> list[dict[str, Any]]:
    """Per site: intake, screening, waiting for a match, vetting, free families, friendships."""
    today = timezone.localdate()
    sites = (
        Site.objects.filter(pk__in=site_ids)
        .select_related("municipality")
        .annotate(
            intake=Count("referrals", filter=Q(referrals__status__in=INTAKE), distinct=True),
            screening=Count("referrals", filter=Q(referrals__status__in=SCREENING), distinct=True),
            waiting=Count(
                "referrals",
                filter=Q(referrals__status=ReferralStatus.READY_FOR_MATCHING),
                distinct=True,
            ),
            waiting_since=Min(
                "referrals__ready_for_matching_at",
                filter=Q(referrals__status=ReferralStatus.READY_FOR_MATCHING),
            ),
        )
    )
    families = dict(
        (row["site_id"], row)
        for row in VolunteerFamily.objects.filter(site_id__in=site_ids)
        .values("site_id")
        .annotate(
            vetting=Count("id", filter=Q(status__in=VETTING)),
            free=Count("id", filter=Q(status=VolunteerFamilyStatus.APPROVED)),
        )
    )
    friendships = dict(
        (row["site_id"], row)
        for row in Friendship.objects.filter(site_id__in=site_ids)
        .values("site_id")
        .annotate(
            running=Count("id", filter=Q(status=FriendshipStatus.RUNNING)),
            started_this_year=Count("id", filter=Q(started_on__year=today.year)),
        )
    )
    unscreened = dict(
        LogbookEntry.objects.filter(friendship__site_id__in=site_ids, screened_at__isnull=True)
        .values_list("friendship__site_id")
        .annotate(n=Count("id"))
    )
    targets = dict(
        SiteTarget.objects.filter(site_id__in=site_ids, year=today.year).values_list(
            "site_id", "friendships_started"
        )
    )
    rows = []
    for site in sites:
        fam: Any = families.get(site.pk, {})
        fri: Any = friendships.get(site.pk, {})
        waiting_since = site.waiting_since
        rows.append(
            {
                "site": site,
                "intake": site.intake,
                "screening": site.screening,
                "waiting": site.waiting,
                "longest_wait_days": (timezone.now() - waiting_since).days
                if waiting_since
                else None,
                "vetting": fam.get("vetting", 0),
                "free_families": fam.get("free", 0),
                "running": fri.get("running", 0),
                "started_this_year": fri.get("started_this_year", 0),
                "target": targets.get(site.pk),
                "unscreened": unscreened.get(site.pk, 0),
            }
        )
    return rows


def staff_home(user: User) -> dict[str, Any]:
    site_ids = site_ids_for_staff(user)
    return {"site_rows": _site_figures(site_ids), "year": staff_year_figures(site_ids, user)}


def advisory_home(user: User) -> dict[str, Any]:
    """The advisory team's logbook follow-ups and site figures (``safeguarding.homes`` adds
    the queue of concerns and registers the page)."""
    follow_up = (
        LogbookEntry.objects.filter(needs_follow_up=True, screened_at__isnull=True)
        .select_related("friendship__child", "friendship__site")
        .order_by("-written_at")[:20]
    )
    return {
        "site_rows": _site_figures(Site.objects.values("pk")),
        "follow_up_entries": list(follow_up),
    }


def volunteer_home(user: User) -> dict[str, Any]:
    member = getattr(user, "household_member", None)
    family: VolunteerFamily | None = None
    if member is not None:
        family = (
            VolunteerFamily.objects.select_related("contact_person", "site")
            .filter(pk=member.family_id)
            .first()
        )
    portal = portal_home(user)
    items = portal["items"]
    friendship = items[0]["friendship"] if items else None
    return {
        "family": family,
        "friendship": friendship,
        "next_visit_on": items[0]["next_visit_on"] if items else None,
        "contact_person": family.contact_person if family else None,
        **portal,
    }


def parent_home(user: User) -> dict[str, Any]:
    guardian = getattr(user, "guardian", None)
    portal = portal_home(user)
    return {
        "friendships": [
            {
                **item,
                "contact_person": item["friendship"].contact_person
                or item["friendship"].family.contact_person,
            }
            for item in portal["items"]
        ],
        "ended": portal["ended"],
        "has_ended": portal["has_ended"],
        "has_child": guardian is not None,
    }
