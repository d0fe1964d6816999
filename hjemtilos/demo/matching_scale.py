"""One very large site for the matching benchmark: 5,000 waiting children, 5,000 free families.

The national dataset spreads its children over 100 sites; matching works
one site at a time, so the benchmark needs a single site of that size.
A site of that size is a region's worth of families, so children and
families live across the Capital Region (Region Hovedstaden, without
Bornholm), each in a postal district drawn by its name (København's many
inner-city street codes count as the districts they belong to). Realistic
matching facts come from ``matching_facts``; every family is approved and
fully vetted. Built with bulk inserts (``demo.bulk``) and a fixed seed, like ``scale``.
"""

from __future__ import annotations

import random
import time
from datetime import timedelta
from typing import Any

from auditlog.context import disable_auditlog
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from faker import Faker

from hjemtilos.accounts.models import Role, User
from hjemtilos.demo import matching_facts
from hjemtilos.demo.bulk import bulk, bulk_children
from hjemtilos.demo.generator import DEMO_PASSWORD
from hjemtilos.demo.scale import SCALE_DOMAIN
from hjemtilos.friendships.models import Friendship
from hjemtilos.matching.models import (
    DeclinedPair,
    MatchProposal,
    MatchProposalEvent,
    MatchWaitingTime,
    SuggestionRun,
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

MATCHING_SITE_NAME = "Hjem til Os (skala) Matchning"
MATCHING_STAFF_EMAIL = f"matching-staff@{SCALE_DOMAIN}"
MATCHING_CASEWORKER_EMAIL = f"matching-caseworker@{SCALE_DOMAIN}"
# Region Hovedstaden without Bornholm (municipality codes as in dk_municipalities.csv).
AREA_REGION = "Region Hovedstaden"
AREA_LEFT_OUT = (400,)


def matching_site_exists() -> bool:
    return Site.objects.filter(name=MATCHING_SITE_NAME).exists()


def reset_matching_site() -> None:
    """Delete the benchmark site and everything generated for it (without audit entries, as
    ``reset_national``: the rows are the generator's)."""
    site = Site.objects.filter(name=MATCHING_SITE_NAME).first()
    with transaction.atomic(), disable_auditlog():
        if site is None:
            User.objects.filter(
                email__in=[MATCHING_STAFF_EMAIL, MATCHING_CASEWORKER_EMAIL]
            ).delete()
            return
        SuggestionRun.objects.filter(site=site).delete()
        MatchWaitingTime.objects.filter(site=site).delete()
        DeclinedPair.objects.filter(family__site=site).delete()
        MatchProposalEvent.objects.filter(proposal__site=site).delete()
        MatchProposal.objects.filter(site=site).delete()
        Friendship.objects.filter(site=site).delete()
        Referral.objects.filter(site=site).delete()
        Child.objects.filter(family__site=site).delete()
        BirthFamily.objects.filter(site=site).delete()
        VolunteerFamily.objects.filter(site=site).delete()
        SiteMembership.objects.filter(site=site).delete()
        site.delete()
        User.objects.filter(email__in=[MATCHING_STAFF_EMAIL, MATCHING_CASEWORKER_EMAIL]).delete()


def generate_matching_site(
    *, seed: int = 2027, children: int = 5000, families: int = 5000, stdout: Any = None
) -> dict[str, int]:
    """Build the site; returns the number of rows per kind. Reset it first to rebuild."""
    started = time.monotonic()

    def say(text: str) -> None:
        if stdout is not None:
            stdout.write(f"[{time.monotonic() - started:6.1f}s] {text}\n")

    rng = random.Random(seed)
    fake = Faker("da_DK")
    fake.seed_instance(seed)
    first_names = [fake.first_name() for _ in range(400)]
    male_names = [fake.first_name_male() for _ in range(200)]
    last_names = [fake.last_name() for _ in range(400)]
    streets = [fake.street_address() for _ in range(1000)]
    today = timezone.localdate()
    now = timezone.now()
    districts: dict[str, list[PostalCode]] = {}
    by_municipality: dict[int, list[PostalCode]] = {}
    for postal in (
        PostalCode.objects.filter(municipality__region=AREA_REGION)
        .exclude(municipality__code__in=AREA_LEFT_OUT)
        .order_by("code")
    ):
        districts.setdefault(postal.name, []).append(postal)
        by_municipality.setdefault(postal.municipality_id, []).append(postal)
    names = sorted(districts)

    def somewhere() -> PostalCode:
        return rng.choice(districts[rng.choice(names)])

    kobenhavn = Municipality.objects.get(code=101)
    site = Site.objects.create(name=MATCHING_SITE_NAME, municipality=kobenhavn)
    staff = User.objects.create_user(
        email=MATCHING_STAFF_EMAIL,
        password=DEMO_PASSWORD,
        first_name="Maja",
        last_name="Matchning",
        role=Role.STAFF,
    )
    SiteMembership.objects.create(site=site, user=staff, is_lead=True)
    caseworker = User(
        email=MATCHING_CASEWORKER_EMAIL,
        password=make_password(DEMO_PASSWORD),
        first_name="Karl",
        last_name="Matchning",
        role=Role.CASEWORKER,
        municipality=kobenhavn,
    )
    caseworker.save()

    homes = [somewhere() for _ in range(children)]

    def school(family: BirthFamily) -> dict[str, Any]:
        home = family.postal_code
        return {
            "school": f"{rng.choice(last_names)} Skole",
            # Most go to school near home (the same district or municipality).
            "school_postal_code": (
                rng.choice([home, rng.choice(by_municipality[home.municipality_id])])
                if rng.random() < 0.85
                else None
            ),
            "needs": "Genereret til benchmark.",
            **matching_facts.child_facts(rng),
        }

    child_rows = bulk_children(
        rng,
        sites=[site] * children,
        address=lambda i, _site: {"street_address": rng.choice(streets), "postal_code": homes[i]},
        first_names=first_names,
        last_names=last_names,
        today=today,
        child=school,
    )
    referrals = []
    for child in child_rows:
        received = now - timedelta(days=rng.randint(10, 400))
        referrals.append(
            Referral(
                child=child,
                site=site,
                caseworker=caseworker,
                status=ReferralStatus.READY_FOR_MATCHING,
                legal_basis=LegalBasis.SECTION_32,
                consent_recorded_at=received - timedelta(days=5),
                sharing_consent_recorded_at=received - timedelta(days=5),
                submitted_at=received - timedelta(days=3),
                received_at=received,
                ready_for_matching_at=received + timedelta(days=20),
                status_changed_at=received + timedelta(days=20),
                **matching_facts.referral_wishes(rng),
            )
        )
    bulk(Referral, referrals)
    say(f"{len(child_rows)} children ready for matching")

    family_rows = bulk(
        VolunteerFamily,
        [
            VolunteerFamily(
                site=site,
                name=f"Familien {rng.choice(last_names)}",
                street_address=rng.choice(streets),
                postal_code=somewhere(),
                status=VolunteerFamilyStatus.APPROVED,
                recruitment_channel=rng.choice(RecruitmentChannel.values),
                applied_at=now - timedelta(days=rng.randint(60, 900)),
                approved_at=now - timedelta(days=rng.randint(10, 50)),
                vetting_complete=True,
                **matching_facts.family_facts(rng),
            )
            for _ in range(families)
        ],
    )
    members: list[HouseholdMember] = []
    for family in family_rows:
        last = family.name.removeprefix("Familien ")
        with_man = rng.random() < 0.85
        for k in range(2 if rng.random() < 0.8 else 1):
            male = with_man and k == 0
            members.append(
                HouseholdMember(
                    family=family,
                    first_name=rng.choice(male_names if male else first_names),
                    last_name=last,
                    gender="male" if male else "female",
                    date_of_birth=today - timedelta(days=rng.randint(28 * 365, 62 * 365)),
                    course_completed_on=today - timedelta(days=30),
                )
            )
        members.extend(
            HouseholdMember(
                family=family,
                first_name=rng.choice(first_names),
                last_name=last,
                date_of_birth=today - timedelta(days=rng.randint(200, 19 * 365)),
            )
            for _ in range(rng.choice([0, 0, 1, 1, 2, 2, 3]))
        )
    bulk(HouseholdMember, members)
    say(f"{len(family_rows)} approved, vetted families with {len(members)} members")

    # A few pairs declined earlier, as on a real site.
    declined = [
        DeclinedPair(
            child=rng.choice(child_rows),
            family=rng.choice(family_rows),
            declined_by="parent",
            reason="Genereret til benchmark.",
        )
        for _ in range(min(100, children // 50))
    ]
    DeclinedPair.objects.bulk_create(declined, ignore_conflicts=True)
    return {
        "children": len(child_rows),
        "families": len(family_rows),
        "members": len(members),
        "declined_pairs": len(declined),
    }
