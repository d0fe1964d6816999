"""Sign in the load test's people on the national dataset and write their sessions.

Run through scripts/loadtest.sh after ``generate_demo --scale``. Locust's
simulated people do not type passwords or authenticator codes: argon2 and a
TOTP round trip per simulated login would measure the login page, not the
pages people work in all day. As ``benchmarks/run.py`` does, each person gets
a real session in the session store with the second factor marked as passed,
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

from django.conf import settings  # noqa: E402
from django.db import transaction  # noqa: E402
from django.db.models import Exists, OuterRef, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402

from hjemtilos.accounts.models import AuthenticatorDevice, Role, User  # noqa: E402
from hjemtilos.accounts.sessions import SECOND_FACTOR_AT  # noqa: E402
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


def session_cookie(user: User, *, second_factor: bool) -> str:
    """A stored session for ``user``; its key is the cookie a browser would send."""
    client = Client()
    client.force_login(user)
    session = client.session
    if second_factor:
        device, _ = AuthenticatorDevice.objects.get_or_create(
            user=user, name="load test", defaults={"confirmed": True}
        )
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session[SECOND_FACTOR_AT] = timezone.now().timestamp()
    session.save()
    return str(client.cookies[settings.SESSION_COOKIE_NAME].value)


def portal_user(email: str, role: str, first_name: str) -> User:
    user, _ = User.objects.get_or_create(
        email=email, defaults={"role": role, "first_name": first_name, "last_name": "Load"}
    )
    return user


@transaction.atomic
def prepare(sites: int) -> dict[str, list[dict[str, object]]]:
    """The people of the first ``sites`` sites of the dataset, with what each opens."""
    people: dict[str, list[dict[str, object]]] = {
        "staff": [],
        "volunteer": [],
        "parent": [],
        "caseworker": [],
        "api": [],
    }
    staff = User.objects.filter(email__endswith=f"@{SCALE_DOMAIN}", role=Role.STAFF).order_by("pk")[
        : 2 * sites
    ]
    ApiToken.objects.filter(user__email__endswith=f"@{SCALE_DOMAIN}", name="load test").delete()
    for member in staff:
        site_id = SiteMembership.objects.filter(user=member).values_list("site_id", flat=True)[0]
        running = Friendship.objects.filter(site_id=site_id, status=FriendshipStatus.RUNNING)
        friendship_ids = list(running.order_by("pk").values_list("pk", flat=True)[:20])
        child_ids = list(running.order_by("pk").values_list("child_id", flat=True)[:20])
        people["staff"].append(
            {
                "cookie": session_cookie(member, second_factor=True),
                "friendships": friendship_ids,
                "children": child_ids,
            }
        )
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
        # and a later run on a kept dataset must still find volunteers with work to do.
        .order_by("-to_log", "pk")
    )
    for friendship in running[: 10 * sites]:
        # The oldest member of the household is an adult.
        adult = friendship.family.members.order_by("date_of_birth").first()
        guardian = friendship.child.family.guardians.order_by("pk").first()
        if adult is None or guardian is None:
            continue
        # Named by the friendship, so a second run on a kept dataset finds the same people
        # (after the first run's logbook entries it picks other friendships too).
        n = friendship.pk
        volunteer = adult.user or portal_user(
            f"volunteer-{n}@{LOAD_DOMAIN}", Role.VOLUNTEER, "Vera"
        )
        parent = guardian.user or portal_user(f"parent-{n}@{LOAD_DOMAIN}", Role.PARENT, "Per")
        if adult.user_id is None:
            adult.user = volunteer
            adult.save(update_fields=["user"])
        if guardian.user_id is None:
            guardian.user = parent
            guardian.save(update_fields=["user"])
        if friendship.to_log:
            people["volunteer"].append(
                {
                    "cookie": session_cookie(volunteer, second_factor=False),
                    "friendship": friendship.pk,
                }
            )
        if friendship.coming:
            people["parent"].append(
                {"cookie": session_cookie(parent, second_factor=False), "friendship": friendship.pk}
            )

    caseworker_ids = (
        Referral.objects.filter(site_id__in=site_ids)
        .values_list("caseworker_id", flat=True)
        .distinct()
        .order_by("caseworker_id")[: 2 * sites]
    )
    for caseworker in User.objects.filter(pk__in=list(caseworker_ids)):
        people["caseworker"].append(
            {"cookie": session_cookie(caseworker, second_factor=caseworker.needs_second_factor)}
        )
    return people


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=10)
    parser.add_argument("--out", type=Path, required=True)
    options = parser.parse_args()
    people = prepare(options.sites)
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(json.dumps(people))
    print(", ".join(f"{len(v)} {k}" for k, v in people.items()))
    return 0 if all(people.values()) else 2


if __name__ == "__main__":
    sys.exit(main())
