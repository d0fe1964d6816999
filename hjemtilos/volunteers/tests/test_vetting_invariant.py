"""``vetting_complete`` is a stored copy of "``vetting_gaps`` is empty": matching filters on
the flag, approval asks ``vetting_gaps``. After every service that can change a vetting
requirement the two must agree, through a family's whole course and across the day a
child of the household turns 15."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

import time_machine
from django.utils import timezone

from hjemtilos.conftest import years_ago
from hjemtilos.organisations.models import PostalCode
from hjemtilos.volunteers import services
from hjemtilos.volunteers.models import (
    Certificate,
    CertificateKind,
    CertificateResult,
    HouseholdMember,
    PolicyDocumentKind,
    RemarksDecision,
    VolunteerFamily,
    VolunteerFamilyStatus,
)
from hjemtilos.volunteers.selectors import current_policy_versions, vetting_gaps
from hjemtilos.volunteers.tests.conftest import record_interview

S = VolunteerFamilyStatus
IDA_TURNS_15_IN_DAYS = 30


def test_the_flag_equals_no_gaps_after_every_vetting_service(site, staff, policy_versions):
    today = timezone.localdate()
    family = services.application_submit(
        site=site,
        family_data={
            "name": "Familien Lund",
            "street_address": "Egevej 4",
            "postal_code": PostalCode.objects.get(code="2200"),
            "recruitment_channel": "aula",
            "weekdays": [1, 3],
            "child_age_min": 5,
            "child_age_max": 11,
        },
        members=[
            {"first_name": "Karen", "last_name": "Lund", "date_of_birth": years_ago(41)},
            {"first_name": "Jens", "last_name": "Lund", "date_of_birth": years_ago(43)},
            {
                "first_name": "Ida",
                "last_name": "Lund",
                "date_of_birth": years_ago(15) + timedelta(days=IDA_TURNS_15_IN_DAYS),
            },
        ],
    )
    seen: list[bool] = []

    def member(first_name: str) -> HouseholdMember:
        return family.members.get(first_name=first_name)

    def certificates(first_name: str) -> None:
        for kind in CertificateKind:
            services.certificate_record(
                member=member(first_name),
                kind=kind,
                by=staff,
                requested_on=timezone.localdate() - timedelta(days=9),
                received_on=timezone.localdate(),
                result=CertificateResult.NO_REMARKS,
            )

    def accept_current_versions(*first_names: str) -> None:
        for first_name in first_names:
            for version in current_policy_versions().values():
                services.policy_accept(member=member(first_name), version=version, by=staff)

    def move_in(first_name: str, born: date) -> None:
        services.household_member_add(
            family=family, by=staff, first_name=first_name, last_name="Lund", date_of_birth=born
        )

    def decide_jens_remarks() -> None:
        services.certificate_decide(
            certificate=Certificate.objects.filter(
                member=member("Jens"), result=CertificateResult.REMARKS
            ).latest("id"),
            by=staff,
            decision=RemarksDecision.ACCEPTED,
            reason="En gammel færdselsbøde.",
        )

    def check(step: str) -> None:
        refreshed = VolunteerFamily.objects.get(pk=family.pk)
        gaps = vetting_gaps(refreshed)
        assert refreshed.vetting_complete == (not gaps), (step, [g.requirement for g in gaps])
        seen.append(refreshed.vetting_complete)

    check("the application")
    steps: list[tuple[str, Callable[[], Any]]] = [
        (
            "the interview is planned",
            lambda: services.interview_plan(
                family=family, by=staff, planned_for=timezone.now() - timedelta(days=1)
            ),
        ),
        ("the interview is held", lambda: record_interview(family, by=staff)),
        (
            "the family goes into vetting",
            lambda: services.family_transition(family=family, to_status=S.VETTING, by=staff),
        ),
        ("Karen's certificates", lambda: certificates("Karen")),
        ("Jens's certificates", lambda: certificates("Jens")),
        *[
            (
                f"{name}'s online course",
                lambda name=name: services.course_record(
                    member=member(name), by=staff, completed_on=today
                ),
            )
            for name in ("Karen", "Jens", "Ida")
        ],
        ("Karen accepts the policies", lambda: accept_current_versions("Karen")),
        ("Jens accepts the policies", lambda: accept_current_versions("Jens")),
        (
            "Jens's renewed certificate has remarks",
            lambda: services.certificate_record(
                member=member("Jens"),
                kind=CertificateKind.CRIMINAL_RECORD,
                by=staff,
                requested_on=today - timedelta(days=2),
                received_on=today,
                result=CertificateResult.REMARKS,
            ),
        ),
        ("staff accept Jens's remarks", decide_jens_remarks),
        (
            "the family is approved",
            lambda: services.family_transition(
                family=family, to_status=S.APPROVED, by=staff, reason="Alt er på plads."
            ),
        ),
        ("a 16-year-old moves in", lambda: move_in("Oskar", years_ago(16))),
        ("Oskar's certificates", lambda: certificates("Oskar")),
        (
            "Oskar's course",
            lambda: services.course_record(member=member("Oskar"), by=staff, completed_on=today),
        ),
        ("a baby is born", lambda: move_in("Alma", today - timedelta(days=3))),
        (
            "Oskar moves out",
            lambda: services.household_member_move_out(
                member=member("Oskar"), by=staff, moved_out_on=today
            ),
        ),
        (
            "a new code of conduct",
            lambda: services.policy_version_publish(
                kind=PolicyDocumentKind.CODE_OF_CONDUCT,
                label="2. version, marts 2026",
                text="Ny tekst om samvær.",
                by=staff,
            ),
        ),
        ("the adults accept it", lambda: accept_current_versions("Karen", "Jens")),
        (
            "Ida's course is cleared",
            lambda: services.course_record(member=member("Ida"), by=staff, completed_on=None),
        ),
        (
            "and recorded again",
            lambda: services.course_record(member=member("Ida"), by=staff, completed_on=today),
        ),
        (
            "the interview is corrected: Ida is unsure",
            lambda: record_interview(family, by=staff, whole_family_supports=False),
        ),
        ("and corrected back", lambda: record_interview(family, by=staff)),
    ]
    for step, service in steps:
        family.refresh_from_db()  # as a page loads it for each request
        service()
        check(step)

    birthday = today + timedelta(days=IDA_TURNS_15_IN_DAYS)
    morning = datetime.combine(birthday, time(7), tzinfo=timezone.get_default_timezone())
    with time_machine.travel(morning, tick=False):
        services.vetting_birthdays_run()
        check("Ida turns 15: the daily job")
        assert seen[-1] is False  # she needs her certificates from today
        certificates("Ida")
        check("Ida's certificates")
    # The walk went through both values, more than once.
    assert seen.count(True) > 3 and seen.count(False) > 3
