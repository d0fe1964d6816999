"""Visits in the portal and by staff: cancel, move, holidays, SMS to the other family,
reminders the day before (once), stability and the attention list."""

from __future__ import annotations

import importlib
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from hjemtilos.core.scheduler import run_due_jobs
from hjemtilos.core.testing import assert_query_count, get_page
from hjemtilos.demo.builders import build_friendship
from hjemtilos.followups.models import FollowUpKind, FollowUpTask
from hjemtilos.friendships import jobs
from hjemtilos.friendships.models import Visit, VisitStatus
from hjemtilos.friendships.services.attention import attention_tasks_run
from hjemtilos.friendships.services.visits import (
    friendship_stability_refresh,
    visit_cancel,
    visit_move,
    visit_reminders_send,
)
from hjemtilos.friendships.tests.conftest import next_planned
from hjemtilos.messaging.models import Channel, DevelopmentSms, Message
from hjemtilos.messaging.selectors import outbox

CPH = ZoneInfo("Europe/Copenhagen")


def sms_to(number: str) -> list[Message]:
    return list(Message.objects.filter(channel=Channel.SMS, to_address=number))


def test_parent_cancels_in_the_portal_and_the_volunteers_get_an_sms(
    login, parent, befriended, django_capture_on_commit_callbacks
):
    visit = next_planned(befriended)
    client = login(parent)
    url = reverse("friendships:visit_cancel", args=[visit.pk])
    get_page(client, url, queries=4, name="the parent's cancel form")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "illness", "note": "Emma har feber"})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CANCELLED_BY_CHILD_FAMILY
    assert visit.cancelled_by == parent and visit.cancel_reason == "illness"
    assert visit.cancel_note == "Emma har feber"
    assert visit.pickup_time is not None and visit.cancelled_at is not None
    starts = timezone.make_aware(datetime.combine(visit.date, visit.pickup_time))
    expected = int((starts - visit.cancelled_at).total_seconds() // 3600)
    assert visit.notice_hours == expected > 0
    (sms,) = sms_to("+4551112233")  # the volunteer adult with the login
    assert "Emmas familie har aflyst besøget" in sms.body and "sygdom" in sms.body
    assert DevelopmentSms.objects.filter(to="+4551112233").exists()  # delivered at once
    assert not sms_to("+4561112233")  # the parent is not told about their own cancellation
    befriended.refresh_from_db()
    assert (
        befriended.visits_cancelled
        == befriended.visits.filter(status__in=["cancelled_child", "cancelled_volunteer"]).count()
    )
    assert befriended.cancelled_by_child_family >= 1


def test_volunteer_moves_a_visit_and_the_parent_is_told(login, volunteer, befriended):
    visit = next_planned(befriended)
    new_day = visit.date + timedelta(days=1)
    response = login(volunteer).post(
        reverse("friendships:visit_move", args=[visit.pk]),
        {"new_date": new_day.isoformat(), "pickup_time": "15:00", "note": "Vi er til tandlæge"},
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.date, visit.original_date) == (new_day, new_day - timedelta(days=1))
    assert visit.moved_side == "volunteer_family" and visit.pickup_time == time(15, 0)
    (sms,) = sms_to("+4561112233")
    assert "har flyttet besøget" in sms.body and "Vi er til tandlæge" in sms.body
    befriended.refresh_from_db()
    assert befriended.visits_moved == 1


def test_a_move_onto_another_visit_keeps_what_was_typed(login, volunteer, befriended):
    visit = next_planned(befriended)
    following = befriended.visits.filter(date__gt=visit.date).order_by("date").first()
    response = login(volunteer).post(
        reverse("friendships:visit_move", args=[visit.pk]),
        {"new_date": following.date.isoformat(), "note": "Kan I torsdag?"},
    )
    assert response.status_code == 400
    assert "Der er allerede et besøg den dag." in response.text
    assert "Kan I torsdag?" in response.text
    visit.refresh_from_db()
    assert visit.original_date is None


def test_a_passed_visit_cannot_be_changed_in_the_portal(login, parent, befriended):
    past = befriended.visits.filter(date__lt=timezone.localdate()).first()
    client = login(parent)
    assert client.get(reverse("friendships:visit_cancel", args=[past.pk])).status_code == 403


def test_another_familys_visit_is_not_found(
    login, parent, befriended, other_referral, other_volunteer_family
):
    other = build_friendship(
        referral=other_referral,
        family=other_volunteer_family,
        started_on=timezone.localdate() - timedelta(weeks=2),
    )
    url = reverse("friendships:visit_cancel", args=[next_planned(other).pk])
    assert login(parent).get(url).status_code == 404


def test_staff_cancel_for_a_family_after_a_call(login, staff, befriended):
    visit = next_planned(befriended)
    client = login(staff)
    response = client.post(
        reverse("friendships:visit_cancel", args=[visit.pk]),
        {"side": "volunteer_family", "reason": "other_plans"},
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CANCELLED_BY_VOLUNTEER and visit.cancelled_by == staff
    assert sms_to("+4561112233")  # the child's family is told


def test_a_family_keeps_a_visit_on_a_holiday(login, parent, befriended):
    visit = next_planned(befriended)
    Visit.objects.filter(pk=visit.pk).update(holiday_name="Vinterferie", holiday_kind="school")
    client = login(parent)
    url = reverse("friendships:portal", args=[befriended.pk])
    page = get_page(client, url, queries=11, name="the parent's friendship page")
    assert "Vinterferie" in page.text
    client.post(reverse("friendships:visit_keep", args=[visit.pk]))
    visit.refresh_from_db()
    assert visit.holiday_kept_at is not None and visit.status == VisitStatus.PLANNED
    assert not visit.needs_holiday_decision


def test_the_parent_is_reminded_the_day_before_once_even_if_the_job_runs_twice(befriended):
    visit = next_planned(befriended)
    evening_before = datetime.combine(visit.date - timedelta(days=1), time(16, 5), tzinfo=CPH)
    with time_machine.travel(evening_before, tick=False):
        assert "friendships.visit_reminders" in run_due_jobs()
        jobs.visit_reminders.call()  # a second run (another worker, a retry)
        assert visit_reminders_send() == 0
    (sms,) = sms_to("+4561112233")
    assert "i morgen" in sms.body and "Emma" in sms.body and "14:30" in sms.body
    visit.refresh_from_db()
    assert visit.reminder_sent_at is not None


def test_a_reminder_about_a_visit_without_an_agreement_is_in_its_sites_outbox(befriended, staff):
    """A visit's site is its friendship's, also when it has no agreement (an extra visit, or
    an agreement deleted): the reminder shows in that site's outbox."""
    visit = next_planned(befriended)
    Visit.objects.filter(pk=visit.pk).update(agreement=None)
    # The day's visits with their parents (3), the parents' SMS consents (once for the whole
    # day), then for each visit its claim and its SMS.
    with assert_query_count(6, "the reminders of a day with one visit"):
        assert visit_reminders_send(today=visit.date - timedelta(days=1)) == 1
    (sms,) = sms_to("+4561112233")
    assert sms.site_id == befriended.site_id
    assert sms in outbox(user=staff)


def test_no_reminder_when_the_family_turned_it_off(login, parent, befriended):
    visit = next_planned(befriended)
    login(parent).post(reverse("friendships:reminders", args=[befriended.pk]), {"enabled": "no"})
    befriended.refresh_from_db()
    assert befriended.parent_reminders is False
    assert visit_reminders_send(today=visit.date - timedelta(days=1)) == 0
    assert not sms_to("+4561112233")


def test_a_moved_visit_is_reminded_for_its_new_day(befriended, staff):
    visit = next_planned(befriended)
    assert visit_reminders_send(today=visit.date - timedelta(days=1)) == 1
    visit_move(visit=visit, by=staff, side="child_family", new_date=visit.date + timedelta(days=2))
    assert visit_reminders_send(today=visit.date + timedelta(days=1)) == 1


@pytest.fixture
def two_cancelled(befriended, staff):
    for visit in list(
        befriended.visits.filter(
            status=VisitStatus.PLANNED, date__gte=timezone.localdate()
        ).order_by("date")[:2]
    ):
        visit_cancel(visit=visit, by=staff, side="child_family", reason="illness")
    befriended.refresh_from_db()
    return befriended


def test_two_cancellations_in_a_row_put_the_friendship_on_the_attention_list(
    login, staff, two_cancelled
):
    assert two_cancelled.cancelled_in_a_row == 2
    response = get_page(
        login(staff), reverse("friendships:attention"), queries=7, name="the attention list"
    )
    assert two_cancelled.child.full_name in response.text
    assert attention_tasks_run() == 1
    assert attention_tasks_run() == 0  # the same episode gives one task
    task = FollowUpTask.objects.get(kind=FollowUpKind.STABILITY, friendship=two_cancelled)
    assert task.owner == staff and "2" in task.description


def test_three_weeks_without_a_visit_needs_attention(login, staff, befriended):
    befriended.visits.filter(date__gte=timezone.localdate() - timedelta(days=25)).update(
        status=VisitStatus.PLANNED
    )
    friendship_stability_refresh(befriended)
    client = login(staff)
    response = get_page(
        client, reverse("friendships:attention"), queries=7, name="the attention list"
    )
    assert befriended.child.full_name in response.text
    url = reverse("friendships:detail", args=[befriended.pk])
    detail = get_page(client, url, queries=20, name="a friendship without visits for weeks")
    assert detail.context["stability"].needs_attention
    assert detail.context["stability"].longest_gap_days >= 21


def test_a_steady_friendship_is_not_on_the_attention_list(login, staff, befriended):
    response = get_page(
        login(staff), reverse("friendships:attention"), queries=5, name="the attention list"
    )
    assert befriended.child.full_name not in response.text


def test_earlier_messages_about_a_visit_get_the_friendships_site(befriended):
    """The data migration gives the messages the old rule left without a site their site."""
    visit = next_planned(befriended)
    kind = ContentType.objects.get_for_model(Visit)
    orphan, placed = (
        Message.objects.create(
            channel=Channel.SMS,
            template="visit_reminder",
            language="da",
            to_address="+4561112233",
            body="Hej",
            related_type=kind,
            related_id=str(visit.pk),
            site=site,
        )
        for site in (None, befriended.site)
    )
    migration = importlib.import_module(
        "hjemtilos.friendships.migrations.0012_messages_about_visits_belong_to_their_site"
    )
    migration.forwards(django_apps, None)
    orphan.refresh_from_db()
    placed.refresh_from_db()
    assert orphan.site_id == placed.site_id == befriended.site_id
