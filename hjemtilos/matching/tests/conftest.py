"""Children and families for the matching tests, built through the demo builders.

``make_family`` gives an approved, fully vetted family that fits a typical
child (every school day, ages 4–13, good capacity, two adults) in the
postal district 2200 København N; ``make_child`` a child ready for matching
living in the same district. Tests change one fact at a time.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count
from typing import Any

import pytest
from django.utils import timezone

from hjemtilos.demo.builders import build_referral, build_volunteer_family
from hjemtilos.organisations.models import PostalCode, Site
from hjemtilos.referrals.models import Referral, ReferralStatus
from hjemtilos.volunteers.models import VolunteerFamily

_numbers = count(1)

ADULTS = [
    {
        "first_name": "Lars",
        "last_name": "Test",
        "date_of_birth": date(1980, 3, 1),
        "gender": "male",
    },
    {
        "first_name": "Mette",
        "last_name": "Test",
        "date_of_birth": date(1982, 6, 1),
        "gender": "female",
    },
]


def years_ago(years: float) -> date:
    return timezone.localdate() - timedelta(days=round(365.25 * years))


def kid(age: float, name: str = "Ida") -> dict[str, Any]:
    return {"first_name": name, "last_name": "Test", "date_of_birth": years_ago(age + 0.3)}


@pytest.fixture
def code(reference_data):
    def get(value: str) -> PostalCode:
        return PostalCode.objects.get(code=value)

    return get


@pytest.fixture
def make_family(site, staff, code):
    def make(
        *,
        postal: str = "2200",
        members: list[dict[str, Any]] | None = None,
        name: str | None = None,
        status: str = "approved",
        at_site: Site | None = None,
        **fields: Any,
    ) -> VolunteerFamily:
        number = next(_numbers)
        values: dict[str, Any] = {
            "weekdays": [0, 1, 2, 3, 4],
            "child_age_min": 4,
            "child_age_max": 13,
            "capacity": "good",
            "transport": "car",
            **fields,
        }
        return build_volunteer_family(
            site=at_site or site,
            status=status,
            name=name or f"Familien Nr{number}",
            members=members if members is not None else [dict(a) for a in ADULTS],
            by=staff,
            postal_code=code(postal),
            street_address=f"Havevej {number}",
            **values,
        )

    return make


@pytest.fixture
def make_child(site, staff, caseworker, code):
    def make(
        *,
        age: float = 8,
        postal: str = "2200",
        school_postal: str | None = None,
        wishes: dict[str, Any] | None = None,
        started_days_ago: int = 60,
        **child_fields: Any,
    ) -> Referral:
        number = next(_numbers)
        return build_referral(
            site=site,
            caseworker=caseworker,
            status=ReferralStatus.READY_FOR_MATCHING,
            by=staff,
            first_name=child_fields.pop("first_name", f"Barn{number}"),
            last_name="Hansen",
            date_of_birth=years_ago(age + 0.3),
            postal_code=code(postal),
            school_postal_code=code(school_postal) if school_postal else None,
            wishes=wishes,
            started=timezone.now() - timedelta(days=started_days_ago),
            **child_fields,
        )

    return make


def family_ids(ranking: Any) -> list[int]:
    return [c.family_id for c in ranking.candidates]


def excluded(ranking: Any) -> dict[str, int]:
    return {e.reason: e.count for e in ranking.family_exclusions + ranking.pair_exclusions}


def assert_only(family: VolunteerFamily, ranking: Any) -> None:
    assert family.pk in family_ids(ranking)
