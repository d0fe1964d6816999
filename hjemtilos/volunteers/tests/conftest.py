"""Fixtures for the volunteers tests: a family in vetting and a way to complete it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from hjemtilos.accounts.models import User
from hjemtilos.conftest import years_ago
from hjemtilos.demo.builders import build_volunteer_family, ensure_policy_versions
from hjemtilos.messaging.tests.conftest import smtp_server  # noqa: F401 (fixture)
from hjemtilos.volunteers import services
from hjemtilos.volunteers.models import (
    Capacity,
    CertificateKind,
    CertificateResult,
    VolunteerFamily,
    VolunteerFamilyStatus,
)
from hjemtilos.volunteers.selectors import current_policy_versions


@pytest.fixture
def policy_versions(db) -> dict[str, Any]:
    return ensure_policy_versions()


@pytest.fixture
def vetting_family(site, staff, policy_versions) -> VolunteerFamily:
    """Two adults and a 13-year-old at ``site``, interviewed and in vetting, nothing recorded."""
    family = build_volunteer_family(
        site=site,
        status=VolunteerFamilyStatus.VETTING,
        name="Familien Lund",
        by=staff,
        contact_person=staff,
        members=[
            {"first_name": "Karen", "last_name": "Lund", "date_of_birth": years_ago(41)},
            {"first_name": "Jens", "last_name": "Lund", "date_of_birth": years_ago(43)},
            {"first_name": "Ida", "last_name": "Lund", "date_of_birth": years_ago(13)},
        ],
    )
    record_interview(family, by=staff, motivation="Vi har plads i hverdagen.")
    return family


def record_interview(
    family: VolunteerFamily, *, by: User, whole_family_supports: bool = True, **answers: Any
) -> None:
    """The home interview with Karen, Jens and Ida three days ago, through the service."""
    services.interview_record(
        family=family,
        by=by,
        held_on=timezone.localdate() - timedelta(days=3),
        attendees="Karen, Jens og Ida",
        whole_family_supports=whole_family_supports,
        capacity=Capacity.GOOD,
        **answers,
    )


def complete_vetting(family: VolunteerFamily, *, by: User) -> None:
    """Record every requirement through the services, as staff and the adults would."""
    today = timezone.localdate()
    for member in family.members.all():
        age = member.age()
        if age >= 15:
            for kind in CertificateKind:
                services.certificate_record(
                    member=member,
                    kind=kind,
                    by=by,
                    requested_on=today - timedelta(days=20),
                    received_on=today - timedelta(days=5),
                    result=CertificateResult.NO_REMARKS,
                )
        if age >= 12:
            services.course_record(member=member, by=by, completed_on=today - timedelta(days=2))
        if age >= 18:
            for version in current_policy_versions().values():
                services.policy_accept(member=member, version=version, by=member.user or by)
