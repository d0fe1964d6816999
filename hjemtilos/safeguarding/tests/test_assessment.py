"""The advisory team's structured assessment, and the steps before a notification."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hjemtilos.safeguarding import services
from hjemtilos.safeguarding.models import ConcernStatus, Decision, EntryKind, Severity
from hjemtilos.safeguarding.tests.conftest import assess


def assessment_form(**extra):
    return {
        "known": "Emma fortalte om slag derhjemme.",
        "child_statements": "»Far bliver meget vred.«",
        "risk": Severity.HIGH,
        "decision": Decision.FOLLOW_UP,
        "reasons": "Vi følger op i venskabet og taler med familien.",
        "decided_on": timezone.localdate().isoformat(),
        **extra,
    }


@pytest.mark.parametrize(
    ("decision", "status"),
    [
        (Decision.NO_ACTION, ConcernStatus.CLOSED),
        (Decision.FOLLOW_UP, ConcernStatus.FOLLOW_UP),
        (Decision.NOTIFY, ConcernStatus.NOTIFYING),
    ],
)
def test_the_decision_moves_the_concern_on(login, concern, advisory, decision, status):
    response = login(advisory).post(
        reverse("safeguarding:concern_assess", args=[concern.pk]),
        assessment_form(decision=decision, decided_by=advisory.pk),
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.status == status and concern.severity == Severity.HIGH
    assert concern.first_assessed_at is not None
    assessment = concern.assessments.get()
    assert (assessment.decided_by, assessment.recorded_by) == (advisory, advisory)
    assert assessment.child_statements == "»Far bliver meget vred.«"
    event = concern.events.get(kind=EntryKind.ASSESSMENT)
    assert event.assessment == assessment and event.to_status == status


def test_a_new_assessment_replaces_the_last_and_both_stay(concern, advisory):
    first = assess(concern, by=advisory, decision=Decision.FOLLOW_UP)
    concern.refresh_from_db()
    assessed_at = concern.first_assessed_at
    second = assess(concern, by=advisory, decision=Decision.NOTIFY, risk=Severity.HIGH)
    assert second.replaces == first
    assert services.current_assessment(concern) == second
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.NOTIFYING
    assert concern.first_assessed_at == assessed_at  # the report counts the first one
    assert concern.events.filter(kind=EntryKind.ASSESSMENT).count() == 2


def test_an_acute_decision_needs_the_acute_risk_level_and_the_text_is_kept(
    login, concern, advisory
):
    response = login(advisory).post(
        reverse("safeguarding:concern_assess", args=[concern.pk]),
        assessment_form(decision=Decision.ACUTE, risk=Severity.HIGH, decided_by=advisory.pk),
    )
    assert response.status_code == 400
    assert "En akut afgørelse kræver det akutte risikoniveau." in response.text
    assert "Vi følger op i venskabet" in response.text
    assert not concern.assessments.exists()


def test_only_a_member_of_the_advisory_team_decides(concern, advisory, staff):
    with pytest.raises(ValidationError) as refused:
        services.concern_assess(
            concern=concern,
            by=advisory,
            known="x",
            child_statements="",
            risk=Severity.LOW,
            decision=Decision.NO_ACTION,
            reasons="y",
            decided_by=staff,
            decided_on=timezone.localdate(),
        )
    assert "decided_by" in refused.value.message_dict


def test_the_contact_person_reads_the_assessment_but_does_not_make_it(
    login, concern, staff, advisory
):
    url = reverse("safeguarding:concern_assess", args=[concern.pk])
    assert login(staff).get(url).status_code == 403
    assert login(staff).post(url, assessment_form(decided_by=staff.pk)).status_code == 403
    assess(concern, by=advisory, decision=Decision.FOLLOW_UP)
    page = login(staff).get(reverse("safeguarding:concern", args=[concern.pk]))
    assert "Oplysningerne giver grund til at antage" in page.text
    assert url not in page.text


def test_a_skipped_step_needs_its_reason_and_a_held_talk_its_date(login, concern, advisory):
    url = reverse("safeguarding:concern_involvement", args=[concern.pk, "foraeldre"])
    client = login(advisory)
    assert client.post(url, {"done": "no", "note": ""}).status_code == 400
    refused = client.post(url, {"done": "yes", "on": "", "note": "Mor var med på mødet."})
    assert refused.status_code == 400 and "Mor var med på mødet." in refused.text
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert client.post(url, {"done": "yes", "on": future, "note": "x"}).status_code == 400
    client.post(url, {"done": "no", "note": "Mistanken retter sig mod forælderen."})
    event = concern.events.get(kind=EntryKind.PARENTS)
    assert event.skipped and event.on is None and event.by == advisory
    family_url = reverse("safeguarding:concern_involvement", args=[concern.pk, "venskabsfamilie"])
    today = timezone.localdate().isoformat()
    client.post(family_url, {"done": "yes", "on": today, "note": "Talt med Mette."})
    talk = services.latest_involvement(concern)[EntryKind.FAMILY_TALK]
    assert talk is not None and talk.on == timezone.localdate()
    assert (
        client.get(
            reverse("safeguarding:concern_involvement", args=[concern.pk, "naboen"])
        ).status_code
        == 404
    )


def test_a_closed_concern_takes_no_assessment_until_reopened(login, concern, advisory):
    assess(concern, by=advisory, decision=Decision.NO_ACTION, risk=Severity.LOW)
    url = reverse("safeguarding:concern_assess", args=[concern.pk])
    assert login(advisory).get(url).status_code == 403
    services.concern_transition(
        concern=concern, by=advisory, to_status=ConcernStatus.WITH_ADVISORY, reason="Nyt fra skolen"
    )
    assert login(advisory).get(url).status_code == 200
