"""Sign in the load test's people on the national dataset and write their sessions.

Run through scripts/loadtest.sh after ``generate_demo --scale``. Locust's
simulated people do not type passwords or authenticator codes: as
``benchmarks/run.py`` does, each person gets a real session in the session
store with the second factor marked as passed (``benchmarks/sessions.py``),
and Locust sends its cookie. What each person opens (their friendship, a
child of their site) is written beside the cookie, so the Locust file needs
no database.

The portal people (an adult of a volunteer family, a parent) are made here:
the national dataset has no portal logins. They are ordinary users linked to
a household member or a guardian of a running friendship.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hjemtilos.settings.test")

import django

django.setup()

from django.db import transaction  # noqa: E402
from django.db.models import Count, Exists, OuterRef, Q  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks.load.mix import people_needed  # noqa: E402
from benchmarks.sessions import session_cookie  # noqa: E402
from hjemtilos.accounts.models import Role, User  # noqa: E402
from hjemtilos.api.models import ApiToken  # noqa: E402
from hjemtilos.api.services import api_token_create  # noqa: E402
from hjemtilos.demo.scale import SCALE_DOMAIN  # noqa: E402
from hjemtilos.friendships.models import (  # noqa: E402
    Friendship,
    FriendshipStatus,
    Visit,
    VisitStatus,
)
from hjemtilos.organisations.models import SiteMembership  # noqa: E402
from hjemtilos.referrals.models import Referral  # noqa: E402

LOAD_DOMAIN = "load.example.org"


def portal_user(email: str, role: str, first_name: str) -> User:
    user, _ = User.objects.get_or_create(
        email=email, defaults={"role": role, "first_name": first_name, "last_name": "Load"}
    )
    return user


class TooFewPeopleError(Exception):
    """The dataset cannot give every Locust user a person of its own."""


def staff_of_sites(*, wanted: int, sites: int) -> list[User]:
    """The staff of the first sites of the dataset, the sites' leads first: at least
    ``sites`` sites, and as many more as give ``wanted`` staff members (fewer only when
    the dataset has no more)."""
    scale_staff = SiteMembership.objects.filter(
        user__email__endswith=f"@{SCALE_DOMAIN}", user__role=Role.STAFF
    )
    site_ids: list[int] = []
    count = 0
    per_site = scale_staff.values("site_id").annotate(n=Count("pk")).order_by("site_id")
    for site_id, n in per_site.values_list("site_id", "n"):
        if len(site_ids) >= sites and count >= wanted:
            break
        site_ids.append(site_id)
        count += n
    members = (
        scale_staff.filter(site_id__in=site_ids)
        .select_related("user")
        .order_by("-is_lead", "site_id", "user_id")
    )
    return list(dict.fromkeys(member.user for member in members))


@transaction.atomic
def prepare(*, users: int, sites: int) -> dict[str, list[dict[str, object]]]:
    """One person of each role for every Locust user of a run of ``users`` (``mix.py``),
    from the first ``sites`` sites of the dataset or as many more as that takes, with
    what each opens.

    Each Locust user has a person of its own: two users sharing one would race each
    other (the same visit written about or called off twice) and fail requests that real
    people would not. When the dataset has too few people of a role, nothing is kept and
    ``TooFewPeopleError`` says which.
    """
    needed = people_needed(users)
    people: dict[str, list[dict[str, object]]] = {role: [] for role in needed}
    # The integrations' keys belong to staff members other than those signed in in a browser.
    staff = staff_of_sites(wanted=needed["staff"] + needed["api"], sites=sites)
    ApiToken.objects.filter(user__email__endswith=f"@{SCALE_DOMAIN}", name="load test").delete()
    for member in staff[: needed["staff"]]:
        site_id = SiteMembership.objects.filter(user=member).values_list("site_id", flat=True)[0]
        running = Friendship.objects.filter(site_id=site_id, status=FriendshipStatus.RUNNING)
        friendship_ids = list(running.order_by("pk").values_list("pk", flat=True)[:20])
        child_ids = list(running.order_by("pk").values_list("child_id", flat=True)[:20])
        people["staff"].append(
            {
                "cookie": session_cookie(member),
                "friendships": friendship_ids,
                "children": child_ids,
            }
        )
    for member in staff[needed["staff"] : needed["staff"] + needed["api"]]:
        _, secret = api_token_create(user=member, name="load test", expires_in_days=1)
        people["api"].append({"token": secret})

    site_ids = SiteMembership.objects.filter(user__in=staff).values_list("site_id", flat=True)
    today = timezone.localdate()
    visits = Visit.objects.filter(friendship=OuterRef("pk"))
    running = (
        Friendship.objects.filter(site_id__in=site_ids, status=FriendshipStatus.RUNNING)
        .annotate(
            # What the logbook page offers (``selectors.visits_to_log``): a recent visit
            # without an entry; and a coming visit a parent can call off.
            to_log=Exists(
                visits.filter(
                    date__lte=today,
                    date__gte=today - timedelta(days=45),
                    status__in=(VisitStatus.PLANNED, VisitStatus.HELD),
                    logbook_entry__isnull=True,
                )
            ),
            coming=Exists(visits.filter(status=VisitStatus.PLANNED, date__gt=today)),
        )
        .filter(Q(to_log=True) | Q(coming=True))
        .select_related("child__family", "family")
        # Those with a visit to write about first: each run's volunteers write about theirs,
        # and a later run on a kept dataset must still find volunteers with work to do
        # (when there are too few, volunteers with only coming visits read their pages).
        .order_by("-to_log", "pk")
    )
    # A family with two friendships (or a guardian with two children) is one person. A
    # friendship gives a volunteer or a parent, not both: today's visit would otherwise be
    # written about by one user while the other calls it off (refused, 403).
    taken: set[int] = set()
    for friendship in running.iterator():
        want_volunteer = len(people["volunteer"]) < needed["volunteer"]
        want_parent = len(people["parent"]) < needed["parent"]
        if not (want_volunteer or want_parent):
            break
        # The oldest member of the household is an adult.
        adult = friendship.family.members.order_by("date_of_birth").first()
        guardian = friendship.child.family.guardians.order_by("pk").first()
        if adult is None or guardian is None:
            continue
        # Named by the friendship, so a second run on a kept dataset finds the same people
        # (after the first run's logbook entries it picks other friendships too).
        n = friendship.pk
        if want_volunteer and adult.user_id not in taken:
            volunteer = adult.user or portal_user(
                f"volunteer-{n}@{LOAD_DOMAIN}", Role.VOLUNTEER, "Vera"
            )
            if adult.user_id is None:
                adult.user = volunteer
                adult.save(update_fields=["user"])
            taken.add(volunteer.pk)
            people["volunteer"].append(
                {
                    "cookie": session_cookie(volunteer),
                    "friendship": friendship.pk,
                }
            )
        elif want_parent and friendship.coming and guardian.user_id not in taken:
            parent = guardian.user or portal_user(f"parent-{n}@{LOAD_DOMAIN}", Role.PARENT, "Per")
            if guardian.user_id is None:
                guardian.user = parent
                guardian.save(update_fields=["user"])
            taken.add(parent.pk)
            people["parent"].append({"cookie": session_cookie(parent), "friendship": friendship.pk})

    caseworker_ids = (
        Referral.objects.filter(site_id__in=site_ids)
        .values_list("caseworker_id", flat=True)
        .distinct()
        .order_by("caseworker_id")[: needed["caseworker"]]
    )
    for caseworker in User.objects.filter(pk__in=list(caseworker_ids)):
        people["caseworker"].append({"cookie": session_cookie(caseworker)})
    short = [f"{len(people[r])} {r} of {n}" for r, n in needed.items() if len(people[r]) < n]
    if short:
        raise TooFewPeopleError(
            f"Too few people in the dataset for {users} Locust users, each with a person of "
            f"their own: {', '.join(short)}. A kept dataset runs out of visits to write about "
            "and call off: build it afresh (generate_demo --scale --reset)."
        )
    return people


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--users", type=int, required=True, help="the most Locust users of one run (-u)"
    )
    parser.add_argument(
        "--sites", type=int, default=10, help="the people come from at least this many sites"
    )
    parser.add_argument("--out", type=Path, required=True)
    options = parser.parse_args()
    try:
        people = prepare(users=options.users, sites=options.sites)
    except TooFewPeopleError as error:
        print(error)
        return 2
    print(", ".join(f"{len(v)} {k}" for k, v in people.items()))
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(json.dumps(people))
    return 0


if __name__ == "__main__":
    sys.exit(main())
