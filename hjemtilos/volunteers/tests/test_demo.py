"""The demo site shows vetting at every step, with realistic details."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hjemtilos.demo.generator import generate_demo
from hjemtilos.followups.models import FollowUpKind, FollowUpTask
from hjemtilos.volunteers.models import (
    Certificate,
    CertificateResult,
    FamilyInterview,
    HouseholdMember,
    PolicyDocumentKind,
    RemarksDecision,
    VolunteerFamily,
    VolunteerFamilyStatus,
)
from hjemtilos.volunteers.selectors import current_policy_versions, vetting_gaps
from hjemtilos.volunteers.services.birthdays import vetting_birthdays_run

pytestmark = pytest.mark.usefixtures("reference_data")
S = VolunteerFamilyStatus


def test_the_demo_has_families_at_every_vetting_step():
    generate_demo()
    planned = VolunteerFamily.objects.filter(status=S.INTERVIEW_PLANNED)
    assert planned and all(
        FamilyInterview.objects.get(family=f).planned_for is not None for f in planned
    )
    for family in VolunteerFamily.objects.filter(status=S.INTERVIEWED):
        assert family.interview.held_on is not None
        assert Certificate.objects.filter(member__family=family, received_on__isnull=True).exists()
    assert FollowUpTask.objects.filter(kind=FollowUpKind.FAMILY_INTERVIEW).exists()
    # One certificate with remarks waits for staff's decision.
    waiting = Certificate.objects.filter(
        result=CertificateResult.REMARKS, remarks_decision=RemarksDecision.UNDECIDED
    )
    assert waiting.count() == 1
    assert not waiting.get().member.family.vetting_complete
    # Approved and matched families are fully vetted; in vetting, one waits for the
    # adults' acceptances, one for the decision on remarks, one is ready to approve.
    for family in VolunteerFamily.objects.filter(status__in=[S.APPROVED, S.MATCHED]):
        assert family.vetting_complete, (family, vetting_gaps(family))
    assert VolunteerFamily.objects.filter(status=S.VETTING, vetting_complete=False).count() == 2
    # The current code of conduct is the programme's own text, in Danish.
    text = current_policy_versions()[PolicyDocumentKind.CODE_OF_CONDUCT].text
    assert "overnatter ikke" in text and "Tavshedspligt" in text


def test_a_demo_member_turns_15_soon_and_gets_the_task_on_the_birthday():
    generate_demo()
    today = timezone.localdate()
    soon = [
        m
        for m in HouseholdMember.objects.filter(family__status=S.VETTING)
        if m.age(today) == 14 and m.age(today + timedelta(days=5)) == 15
    ]
    assert len(soon) == 1
    assert vetting_birthdays_run(on=today + timedelta(days=5))["certificate_tasks"] >= 1
    assert FollowUpTask.objects.filter(
        kind=FollowUpKind.CERTIFICATES, volunteer_family=soon[0].family
    ).exists()
