"""The referral status machine: no skipping steps, no silent going back.

Every move of every status is walked in ``core/tests/test_lifecycles.py``; these
tests cover what is the referral's own: the dates it stamps and its messages."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from hjemtilos.demo.builders import build_referral
from hjemtilos.referrals.models import ReferralStatus as S
from hjemtilos.referrals.services import referral_transition


def test_forward_step_stamps_the_date_and_records_who(site, caseworker, staff):
    referral = build_referral(site=site, caseworker=caseworker, status=S.SUBMITTED)
    referral = referral_transition(referral=referral, to_status=S.RECEIVED, by=staff)
    assert referral.status == S.RECEIVED
    assert referral.received_at is not None
    event = referral.events.latest("id")
    assert (event.from_status, event.to_status, event.by) == (S.SUBMITTED, S.RECEIVED, staff)


def test_skipping_a_step_is_refused_with_a_message(site, caseworker, staff):
    referral = build_referral(site=site, caseworker=caseworker, status=S.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        referral_transition(referral=referral, to_status=S.READY_FOR_MATCHING, by=staff)
    assert "Submitted" in str(error.value) or "Indsendt" in str(error.value)
    referral.refresh_from_db()
    assert referral.status == S.SUBMITTED


def test_going_back_needs_a_reason(site, caseworker, staff):
    referral = build_referral(site=site, caseworker=caseworker, status=S.HOME_VISIT_PLANNED)
    with pytest.raises(ValidationError) as error:
        referral_transition(referral=referral, to_status=S.RECEIVED, by=staff)
    assert "reason" in error.value.message_dict
    referral = referral_transition(
        referral=referral, to_status=S.RECEIVED, by=staff, reason="The parent was ill"
    )
    assert referral.events.latest("id").reason == "The parent was ill"


def test_withdrawing_needs_a_reason_and_closes(site, caseworker):
    referral = build_referral(site=site, caseworker=caseworker, status=S.RECEIVED)
    with pytest.raises(ValidationError):
        referral_transition(referral=referral, to_status=S.WITHDRAWN, by=caseworker)
    referral = referral_transition(
        referral=referral, to_status=S.WITHDRAWN, by=caseworker, reason="Moved away"
    )
    assert referral.closed_at is not None and referral.closed_reason == "Moved away"
    # Closed is final.
    with pytest.raises(ValidationError):
        referral_transition(referral=referral, to_status=S.RECEIVED, by=caseworker, reason="x")


def test_transitions_are_in_the_audit_log(site, caseworker, staff):
    referral = build_referral(site=site, caseworker=caseworker, status=S.SUBMITTED)
    referral_transition(referral=referral, to_status=S.RECEIVED, by=staff)
    entry = LogEntry.objects.get_for_object(referral).filter(action=LogEntry.Action.UPDATE).first()
    assert entry is not None
    assert entry.changes_dict["status"] == ["submitted", "received"]
