"""One ended friendship through the anonymisation job, the schedule's pages and the record of
processing (GDPR Art. 30), and the held-back list staff see."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hjemtilos.conftest import phone_concern
from hjemtilos.core.scheduler import registered_jobs
from hjemtilos.core.testing import get_page
from hjemtilos.friendships.models import Friendship
from hjemtilos.friendships.tests import conftest as friendship_fixtures
from hjemtilos.friendships.tests.conftest import end_early
from hjemtilos.privacy import registry
from hjemtilos.privacy.models import RecordState, RetentionChange, RetentionPeriod, RetentionRecord
from hjemtilos.privacy.retention import retention_anonymise, retention_period_change
from hjemtilos.referrals.models import Child, Guardian
from hjemtilos.volunteers.models import HouseholdMember
from hjemtilos.volunteers.services import family_transition

befriended = friendship_fixtures.befriended

LATER = timedelta(days=25 * 31)  # past the 24 months after a friendship's end


@pytest.fixture
def ended(befriended, staff) -> Friendship:
    """The friendship ended early today; the child leaves the programme, so does the family."""
    friendship = end_early(befriended, by=staff, child_back_to_matching=False)
    family_transition(
        family=friendship.family, to_status="withdrawn", by=staff, reason="Flytter til udlandet"
    )
    return friendship


def test_an_ended_friendship_is_anonymised_once_with_its_audit_entries(ended, parent, volunteer):
    child = Child.objects.get(pk=ended.child_id)
    assert LogEntry.objects.get_for_object(child).exclude(changes=None).exists()

    (job,) = [job for job in registered_jobs() if job.name == "privacy.anonymise"]
    with time_machine.travel(timezone.now() + LATER, tick=False):
        result = job.task.call()

    assert result["child"] == 1 and result["friendship"] == 1 and result["volunteer_family"] == 1
    child.refresh_from_db()
    assert (child.first_name, child.last_name, child.needs) == (registry.ANONYMISED, "", "")
    assert child.date_of_birth.month == 1 and child.date_of_birth.day == 1
    assert Friendship.objects.get(pk=ended.pk).end_reason == ""
    guardian = Guardian.objects.get(family=child.family)
    assert (guardian.phone, guardian.email) == ("", "")
    assert not HouseholdMember.objects.filter(family=ended.family, phone="+4551112233").exists()
    for user in (parent, volunteer):
        user.refresh_from_db()
        assert not user.is_active and not user.has_usable_password()
        assert user.email == f"anonymised-{user.pk}@invalid" and user.first_name == ""
    # The audit log keeps who did what when, not the child's name or values (PostgreSQL: the
    # trigger lets the job, and only the job, do this).
    entries = LogEntry.objects.get_for_object(child)
    assert entries.exists()
    assert not entries.exclude(changes=None).exists()
    assert not entries.exclude(object_repr="").exists()
    assert not LogEntry.objects.filter(actor_email=parent.email).exists()

    with time_machine.travel(timezone.now() + LATER, tick=False):
        assert job.task.call() == {}


def test_an_open_concern_holds_the_case_back_and_staff_see_why(
    ended, staff, other_staff, advisory, login
):
    phone_concern(ended, by=staff)
    assert retention_anonymise(now=timezone.now() + LATER)["child held back"] == 1
    assert Child.objects.get(pk=ended.child_id).first_name != registry.ANONYMISED
    held = RetentionRecord.objects.get(subject="child", object_id=ended.child_id)
    assert held.state == RecordState.HELD and held.site_id == ended.site_id

    url = reverse("privacy:held")
    response = get_page(login(staff), url, queries=6, name="the held-back records")
    assert "Et åbent bekymringsforløb om barnet" in response.text
    assert f"#{ended.child_id}" in response.text
    shown = list(response.context["page"].object_list)
    assert {(r.subject, r.object_id) for r in shown} >= {("child", ended.child_id)}
    assert (
        list(
            get_page(login(other_staff), url, queries=5, name="another site")
            .context["page"]
            .object_list
        )
        == []
    )
    assert len(login(advisory).get(url).context["page"].object_list) == len(shown)


def test_administrators_read_the_schedule_and_change_a_period_with_a_reason(
    login, administrator, staff
):
    client = login(administrator)
    response = get_page(client, reverse("privacy:retention"), queries=4, name="the schedule")
    assert "Logbogen efter venskabets afslutning" in response.text
    period = RetentionPeriod.objects.get(rule="logbook")
    url = reverse("privacy:retention_change", args=[period.pk])

    response = client.post(url, {"months": "6", "reason": ""})
    assert response.status_code == 400
    assert 'value="6"' in response.text
    response = client.post(url, {"months": "6", "reason": "Screeningen tager længere tid."})
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.months == 6 and period.changed_by == administrator
    change = RetentionChange.objects.get(period=period)
    assert (change.old_months, change.new_months) == (3, 6)
    assert LogEntry.objects.get_for_object(period).filter(action=LogEntry.Action.UPDATE).exists()

    assert login(staff).get(reverse("privacy:retention")).status_code == 403
    assert login(staff).post(url, {"months": "1", "reason": "x"}).status_code == 403


def test_the_record_of_processing_is_made_from_the_registry(login, administrator, staff):
    response = get_page(
        login(administrator), reverse("privacy:processing"), queries=4, name="Art. 30"
    )
    rows = response.context["rows"]
    assert len(rows) == len(registry.personal_data())
    assert {row["model"] for row in rows} >= {"barn", "venskabsfamilie", "bekymring"}
    assert "Barnets Lov § 133" in response.text
    assert login(staff).get(reverse("privacy:processing")).status_code == 403


def test_changing_a_period_to_the_same_length_is_refused(administrator):
    period = RetentionPeriod.objects.get(rule="audit")
    with pytest.raises(ValidationError):
        retention_period_change(period=period, months=60, reason="Samme", changed_by=administrator)
    assert not RetentionChange.objects.exists()
