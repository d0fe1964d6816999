"""The vetting rules: ages 15 and 12, remarks, policy versions, interview, approval."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hjemtilos.conftest import years_ago
from hjemtilos.core.testing import get_page
from hjemtilos.demo.builders import build_friendship, build_volunteer_family
from hjemtilos.followups.models import FollowUpKind, FollowUpTask
from hjemtilos.messaging.models import Message
from hjemtilos.volunteers import services
from hjemtilos.volunteers.models import (
    CertificateKind,
    CertificateResult,
    FamilyEvent,
    HouseholdMember,
    PolicyDocumentKind,
    RemarksDecision,
    VolunteerFamilyStatus,
)
from hjemtilos.volunteers.selectors import vetting_gaps
from hjemtilos.volunteers.services.birthdays import vetting_birthdays_run
from hjemtilos.volunteers.tests.conftest import complete_vetting, record_interview

S = VolunteerFamilyStatus


def requirements(family, on=None):
    return sorted(
        (g.member.first_name if g.member else "", g.requirement)
        for g in vetting_gaps(family, on=on)
    )


def test_a_fresh_family_misses_certificates_from_15_course_from_12_and_policies_for_adults(
    vetting_family,
):
    found = requirements(vetting_family)
    assert ("Karen", "certificate:child_protection") in found
    assert ("Karen", "certificate:criminal_record") in found
    assert ("Karen", "online_course") in found
    assert ("Karen", "policy:code_of_conduct") in found
    assert ("Karen", "policy:ethical_rules") in found
    # Ida is 13: the course, but no certificates and no policies.
    assert [r for n, r in found if n == "Ida"] == ["online_course"]


def test_approval_is_refused_with_the_missing_items_then_granted_with_who_when_why(
    vetting_family, staff
):
    with pytest.raises(ValidationError) as refused:
        services.family_transition(
            family=vetting_family, to_status=S.APPROVED, by=staff, reason="God familie"
        )
    # Every missing item is listed, by name: Karen's and Jens's five, Ida's course.
    assert len(refused.value.messages) == 1 + 5 + 5 + 1
    assert sum("Karen" in m for m in refused.value.messages) == 5
    vetting_family.refresh_from_db()
    assert vetting_family.status == S.VETTING and not vetting_family.vetting_complete

    complete_vetting(vetting_family, by=staff)
    vetting_family.refresh_from_db()
    assert vetting_family.vetting_complete
    family = services.family_transition(
        family=vetting_family, to_status=S.APPROVED, by=staff, reason="Alt er på plads"
    )
    assert family.status == S.APPROVED and family.approved_by == staff
    assert family.approved_at is not None
    event = FamilyEvent.objects.filter(family=family).last()
    assert event is not None
    assert (event.to_status, event.by, event.reason) == (S.APPROVED, staff, "Alt er på plads")


def test_approval_needs_a_reason(vetting_family, staff):
    complete_vetting(vetting_family, by=staff)
    with pytest.raises(ValidationError) as refused:
        services.family_transition(family=vetting_family, to_status=S.APPROVED, by=staff)
    assert "reason" in refused.value.message_dict


def test_a_member_turning_15_during_vetting_needs_certificates_from_the_birthday(
    vetting_family, staff
):
    ida = vetting_family.members.get(first_name="Ida")
    ida.date_of_birth = years_ago(15) + timedelta(days=10)  # turns 15 in ten days
    ida.save()
    complete_vetting(vetting_family, by=staff)
    vetting_family.refresh_from_db()
    assert vetting_family.vetting_complete
    birthday = timezone.localdate() + timedelta(days=10)
    assert ("Ida", "certificate:child_protection") not in requirements(
        vetting_family, on=birthday - timedelta(days=1)
    )
    assert ("Ida", "certificate:child_protection") in requirements(vetting_family, on=birthday)

    with time_machine.travel(birthday + timedelta(hours=8), tick=False):
        result = vetting_birthdays_run()
        assert result["certificate_tasks"] == 1
        vetting_family.refresh_from_db()
        assert not vetting_family.vetting_complete
        with pytest.raises(ValidationError) as refused:
            services.family_transition(
                family=vetting_family, to_status=S.APPROVED, by=staff, reason="Klar"
            )
        assert any("Ida" in m for m in refused.value.messages)
        # The job may run twice (two schedulers, a retry): still one task.
        vetting_birthdays_run()
    task = FollowUpTask.objects.get(kind=FollowUpKind.CERTIFICATES, volunteer_family=vetting_family)
    assert task.owner == staff and "Ida" in task.title


def test_the_birthday_task_is_on_the_contact_persons_task_list(vetting_family, staff, login):
    ida = vetting_family.members.get(first_name="Ida")
    ida.date_of_birth = years_ago(15)
    ida.save()
    vetting_birthdays_run()
    response = get_page(
        login(staff), reverse("followups:mine"), queries=8, name="my tasks with a birthday"
    )
    assert "Ida" in response.text and "15" in response.text


def test_a_birthday_missed_by_the_scheduler_is_caught_up_within_a_week(vetting_family):
    ida = vetting_family.members.get(first_name="Ida")
    ida.date_of_birth = years_ago(15, days=3)  # turned 15 three days ago
    ida.save()
    assert vetting_birthdays_run()["certificate_tasks"] == 1


def test_a_member_turning_12_needs_the_online_course(site, staff, policy_versions):
    family = build_volunteer_family(
        site=site,
        status=S.APPROVED,
        name="Familien Bak",
        members=[
            {"first_name": "Ole", "last_name": "Bak", "date_of_birth": years_ago(40)},
            {
                "first_name": "Sara",
                "last_name": "Bak",
                "date_of_birth": years_ago(12) + timedelta(days=1),
            },
        ],
    )
    assert family.vetting_complete
    with time_machine.travel(timezone.now() + timedelta(days=1), tick=False):
        vetting_birthdays_run()
        family.refresh_from_db()
        assert not family.vetting_complete
        assert ("Sara", "online_course") in requirements(family)
        services.course_record(
            member=family.members.get(first_name="Sara"),
            by=staff,
            completed_on=timezone.localdate(),
        )
        family.refresh_from_db()
        assert family.vetting_complete


def test_the_course_cannot_be_recorded_for_a_child_under_12(vetting_family, staff):
    young = HouseholdMember.objects.create(
        family=vetting_family, first_name="Bo", last_name="Lund", date_of_birth=years_ago(8)
    )
    with pytest.raises(ValidationError):
        services.course_record(member=young, by=staff, completed_on=timezone.localdate())


def test_remarks_block_approval_until_staff_decide_with_a_reason(vetting_family, staff):
    complete_vetting(vetting_family, by=staff)
    jens = vetting_family.members.get(first_name="Jens")
    today = timezone.localdate()
    certificate = services.certificate_record(
        member=jens,
        kind=CertificateKind.CRIMINAL_RECORD,
        by=staff,
        requested_on=today - timedelta(days=3),
        received_on=today,
        result=CertificateResult.REMARKS,
    )
    vetting_family.refresh_from_db()
    assert not vetting_family.vetting_complete
    assert requirements(vetting_family) == [("Jens", "certificate:criminal_record")]
    with pytest.raises(ValidationError):
        services.family_transition(
            family=vetting_family, to_status=S.APPROVED, by=staff, reason="x"
        )
    with pytest.raises(ValidationError) as no_reason:
        services.certificate_decide(
            certificate=certificate, by=staff, decision=RemarksDecision.ACCEPTED, reason=" "
        )
    assert "reason" in no_reason.value.message_dict

    services.certificate_decide(
        certificate=certificate,
        by=staff,
        decision=RemarksDecision.ACCEPTED,
        reason="Færdselsbøde fra 2009; ingen betydning for børn.",
    )
    certificate.refresh_from_db()
    assert certificate.decided_by == staff and certificate.decided_at is not None
    vetting_family.refresh_from_db()
    assert vetting_family.vetting_complete
    services.family_transition(family=vetting_family, to_status=S.APPROVED, by=staff, reason="OK")


def test_refused_remarks_keep_the_family_from_approval(vetting_family, staff):
    complete_vetting(vetting_family, by=staff)
    karen = vetting_family.members.get(first_name="Karen")
    certificate = services.certificate_record(
        member=karen,
        kind=CertificateKind.CHILD_PROTECTION,
        by=staff,
        requested_on=timezone.localdate(),
        received_on=timezone.localdate(),
        result=CertificateResult.REMARKS,
    )
    services.certificate_decide(
        certificate=certificate, by=staff, decision=RemarksDecision.REFUSED, reason="Alvorlig dom."
    )
    assert requirements(vetting_family) == [("Karen", "certificate:child_protection")]


def test_a_certificate_cannot_be_received_before_it_was_requested(vetting_family, staff):
    karen = vetting_family.members.get(first_name="Karen")
    with pytest.raises(ValidationError) as refused:
        services.certificate_record(
            member=karen,
            kind=CertificateKind.CHILD_PROTECTION,
            by=staff,
            requested_on=timezone.localdate(),
            received_on=timezone.localdate() - timedelta(days=1),
            result=CertificateResult.NO_REMARKS,
        )
    assert "received_on" in refused.value.message_dict


def test_the_whole_familys_support_is_a_requirement(vetting_family, staff):
    complete_vetting(vetting_family, by=staff)
    record_interview(
        vetting_family, by=staff, whole_family_supports=False, support_notes="Ida er i tvivl."
    )
    assert requirements(vetting_family) == [("", "interview")]
    vetting_family.refresh_from_db()
    assert not vetting_family.vetting_complete


def test_a_new_code_of_conduct_version_asks_adults_to_accept_again(
    site, staff, referral, policy_versions, django_capture_on_commit_callbacks
):
    running = build_volunteer_family(site=site, status=S.MATCHED, name="Familien Dahl")
    build_friendship(
        referral=referral, family=running, started_on=timezone.localdate() - timedelta(weeks=3)
    )
    for member in running.members.all():
        member.email = f"{member.first_name.lower()}@dahl.example.org"
        member.save()
    waiting = build_volunteer_family(site=site, status=S.APPROVED, name="Familien Ravn")
    assert running.vetting_complete and waiting.vetting_complete

    version, told = services.policy_version_publish(
        kind=PolicyDocumentKind.CODE_OF_CONDUCT,
        label="2. version, marts 2026",
        text="Ny tekst om samvær.",
        by=staff,
    )
    assert told == 2
    running.refresh_from_db()
    waiting.refresh_from_db()
    assert not running.vetting_complete and not waiting.vetting_complete
    mails = Message.objects.filter(template="policy_new_version")
    assert sorted(m.to_address for m in mails) == [
        "lars@dahl.example.org",
        "mette@dahl.example.org",
    ]
    assert all("2. version" in m.body for m in mails)

    for member in running.members.all():
        services.policy_accept(member=member, version=version, by=member.user or staff)
    running.refresh_from_db()
    assert running.vetting_complete


def test_publishing_needs_a_new_label_and_text(staff, policy_versions):
    current = policy_versions[PolicyDocumentKind.CODE_OF_CONDUCT]
    with pytest.raises(ValidationError) as refused:
        services.policy_version_publish(
            kind=PolicyDocumentKind.CODE_OF_CONDUCT, label=current.label, text="", by=staff
        )
    assert {"label", "text"} <= set(refused.value.message_dict)


def test_resting_and_coming_back(site, staff, policy_versions):
    family = build_volunteer_family(site=site, status=S.APPROVED, name="Familien Hvid")
    with pytest.raises(ValidationError):
        services.family_transition(family=family, to_status=S.RESTING, by=staff)
    services.family_transition(
        family=family, to_status=S.RESTING, by=staff, reason="Venskabet sluttede; holder pause."
    )
    family.refresh_from_db()
    assert family.status == S.RESTING
    back = services.family_transition(
        family=family, to_status=S.APPROVED, by=staff, reason="Klar igen."
    )
    assert back.status == S.APPROVED
    assert list(FamilyEvent.objects.filter(family=family).values_list("to_status", flat=True))[
        -2:
    ] == [S.RESTING, S.APPROVED]


def test_rejection_needs_a_reason_and_closes_open_tasks(vetting_family, staff):
    assert FollowUpTask.objects.open().filter(volunteer_family=vetting_family).count() == 0
    services.household_member_add(
        family=vetting_family,
        by=staff,
        first_name="Anders",
        last_name="Lund",
        date_of_birth=years_ago(17),
    )
    assert FollowUpTask.objects.open().filter(volunteer_family=vetting_family).exists()
    with pytest.raises(ValidationError):
        services.family_transition(family=vetting_family, to_status=S.REJECTED, by=staff)
    services.family_transition(
        family=vetting_family, to_status=S.REJECTED, by=staff, reason="Passer ikke til rammen."
    )
    assert not FollowUpTask.objects.open().filter(volunteer_family=vetting_family).exists()


def test_matched_cannot_be_skipped_to(vetting_family, staff):
    with pytest.raises(ValidationError):
        services.family_transition(family=vetting_family, to_status=S.MATCHED, by=staff)
