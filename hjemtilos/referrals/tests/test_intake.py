"""Staff's intake: receiving a referral, the first tasks, the parent's message, the home visit."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from hjemtilos.core.testing import get_page, get_page_before_and_after
from hjemtilos.demo.builders import build_referral, build_referrals_bulk
from hjemtilos.followups.models import FollowUpKind, FollowUpTask
from hjemtilos.messaging.models import Channel, Message
from hjemtilos.referrals.models import HomeVisit, ReferralStatus
from hjemtilos.referrals.services import (
    CALL_PARENT_WITHIN_DAYS,
    HOME_VISIT_WITHIN_DAYS,
    home_visit_plan,
)

S = ReferralStatus
MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=timezone.get_default_timezone())


def receive(client, referral):
    return client.post(
        reverse("referrals:change_status", args=[referral.pk]), {"to_status": S.RECEIVED}
    )


@time_machine.travel(MONDAY, tick=False)
def test_receiving_creates_the_first_tasks_for_the_staff_member(login, staff, referral_submitted):
    response = receive(login(staff), referral_submitted)
    assert response.status_code == 302
    referral_submitted.refresh_from_db()
    assert referral_submitted.status == S.RECEIVED
    tasks = {t.kind: t for t in FollowUpTask.objects.filter(referral=referral_submitted)}
    assert set(tasks) == {FollowUpKind.CALL_PARENT, FollowUpKind.HOME_VISIT}
    today = MONDAY.date()
    assert tasks[FollowUpKind.CALL_PARENT].due_on == today + timedelta(CALL_PARENT_WITHIN_DAYS)
    assert tasks[FollowUpKind.HOME_VISIT].due_on == today + timedelta(HOME_VISIT_WITHIN_DAYS)
    assert all(t.owner == staff and t.site_id == referral_submitted.site_id for t in tasks.values())
    # The tasks are on the staff member's own list.
    my_tasks = get_page(
        login(staff), reverse("followups:mine"), queries=8, name="my tasks after intake"
    )
    assert "Ring til forælderen til Emma Hansen" in my_tasks.text


def test_the_parent_is_told_in_their_own_language(login, staff, site, caseworker):
    referral = build_referral(
        site=site,
        caseworker=caseworker,
        status=S.SUBMITTED,
        guardian={
            "first_name": "Grace",
            "last_name": "Okafor",
            "phone": "+4522345678",
            "email": "grace@example.org",
            "preferred_language": "en",
        },
    )
    receive(login(staff), referral)
    email = Message.objects.get(channel=Channel.EMAIL, template="referral_received")
    sms = Message.objects.get(channel=Channel.SMS, template="referral_received")
    assert email.to_address == "grace@example.org" and email.language == "en"
    assert email.subject == "We have received the referral of Emma"
    assert "Dear Grace" in email.body
    assert sms.to_address == "+4522345678"
    assert sms.body.startswith("Hi Grace. Hjem til Os has received the referral of Emma.")


def test_a_danish_parent_without_email_gets_a_danish_sms_only(login, staff, referral_submitted):
    receive(login(staff), referral_submitted)
    (sms,) = Message.objects.filter(template="referral_received")
    assert sms.channel == Channel.SMS and sms.language == "da"
    assert "Hjem til Os har modtaget henvisningen af Emma" in sms.body


def test_home_visit_is_planned_then_recorded_and_the_child_is_ready_for_matching(
    login, staff, referral_submitted
):
    client = login(staff)
    referral = referral_submitted
    receive(client, referral)
    day = timezone.localdate() + timedelta(days=1)
    response = client.post(
        reverse("referrals:plan_home_visit", args=[referral.pk]),
        {"day": day.isoformat(), "time": "16:30"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == S.HOME_VISIT_PLANNED
    visit = HomeVisit.objects.get(referral=referral)
    assert timezone.localtime(visit.planned_for).strftime("%H:%M") == "16:30"
    call = FollowUpTask.objects.get(referral=referral, kind=FollowUpKind.CALL_PARENT)
    assert call.completed_at is not None and "Hjemmebesøg aftalt" in call.outcome
    # The home-visit task is now due on the agreed day, not three weeks out.
    home_visit_task = FollowUpTask.objects.get(referral=referral, kind=FollowUpKind.HOME_VISIT)
    assert home_visit_task.due_on == day

    # The visit cannot be recorded ahead of time; what was typed stays.
    record_url = reverse("referrals:record_home_visit", args=[referral.pk])
    future = client.post(
        record_url,
        {"held_on": day.isoformat(), "attendees": "Mor og Emma", "child_wishes": "En hund"},
    )
    assert future.status_code == 400
    assert "Et hjemmebesøg kan ikke registreres, før det er afholdt." in future.text
    assert "En hund" in future.text

    # The next day, after the visit (the session is signed in again, as staff would be).
    with time_machine.travel(timezone.localtime() + timedelta(days=1)):
        client = login(staff)
        response = client.post(
            record_url,
            {
                "held_on": day.isoformat(),
                "attendees": "Mor, Emma og Sofie fra Hjem til Os",
                "child_wishes": "Jeg vil gerne have en hund og nogen at spille fodbold med.",
                "motivation": "Mor vil gerne have aflastning og et netværk.",
                "expectations": "Et fast holdepunkt hver uge.",
                "family_needs": "Ro efter skole.",
                "notes": "Emma var genert i starten.",
            },
        )
        assert response.status_code == 302
        referral.refresh_from_db()
        assert referral.status == S.HOME_VISIT_HELD and referral.home_visit_held_on == day
        visit.refresh_from_db()
        assert visit.child_wishes.startswith("Jeg vil gerne have en hund")
        task = FollowUpTask.objects.get(referral=referral, kind=FollowUpKind.HOME_VISIT)
        assert task.completed_at is not None

        response = client.post(
            reverse("referrals:change_status", args=[referral.pk]),
            {"to_status": S.READY_FOR_MATCHING},
        )
        referral.refresh_from_db()
        assert referral.status == S.READY_FOR_MATCHING
        assert referral.ready_for_matching_at is not None


def test_a_home_visit_cannot_be_planned_before_today_on_the_page_or_by_the_service(
    login, staff, referral_submitted
):
    client = login(staff)
    receive(client, referral_submitted)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(
        reverse("referrals:plan_home_visit", args=[referral_submitted.pk]),
        {"day": yesterday.isoformat(), "time": "16:30"},
    )
    # The page shows the service's refusal next to the date, with what was typed.
    assert response.status_code == 400
    assert "Vælg en dato fra i dag og frem." in response.text
    assert yesterday.isoformat() in response.text
    referral_submitted.refresh_from_db()
    assert referral_submitted.status == S.RECEIVED and not HomeVisit.objects.exists()
    # The rule holds for every caller of the service, not only the page.
    with pytest.raises(ValidationError) as refused:
        home_visit_plan(
            referral=referral_submitted,
            by=staff,
            planned_for=timezone.now() - timedelta(days=1),
        )
    assert "planned_for" in refused.value.message_dict


def test_the_home_visit_notes_are_encrypted_at_rest(login, staff, referral_submitted):
    client = login(staff)
    receive(client, referral_submitted)
    today = timezone.localdate().isoformat()
    client.post(
        reverse("referrals:plan_home_visit", args=[referral_submitted.pk]),
        {"day": today, "time": "08:00"},
    )
    client.post(
        reverse("referrals:record_home_visit", args=[referral_submitted.pk]),
        {
            "held_on": timezone.localdate().isoformat(),
            "attendees": "Mor og Emma",
            "child_wishes": "Hemmelige ønsker om en kanin",
        },
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT child_wishes FROM referrals_homevisit")
        (raw,) = cursor.fetchone()
    assert "kanin" not in raw
    assert HomeVisit.objects.get().child_wishes == "Hemmelige ønsker om en kanin"


def test_withdrawing_cancels_the_open_tasks(login, staff, caseworker, referral_submitted):
    receive(login(staff), referral_submitted)
    response = login(caseworker).post(
        reverse("referrals:withdraw", args=[referral_submitted.pk]),
        {"reason": "Familien er flyttet til Odense."},
    )
    assert response.status_code == 302
    referral_submitted.refresh_from_db()
    assert referral_submitted.status == S.WITHDRAWN
    assert referral_submitted.closed_reason == "Familien er flyttet til Odense."
    assert not FollowUpTask.objects.open().filter(referral=referral_submitted).exists()


def test_withdrawing_without_a_reason_is_refused_and_explained(login, caseworker, referral):
    response = login(caseworker).post(reverse("referrals:withdraw", args=[referral.pk]), {})
    assert response.status_code == 400
    assert "Besvar spørgsmålet »Hvorfor trækkes henvisningen tilbage?«" in response.text
    referral.refresh_from_db()
    assert referral.status == S.READY_FOR_MATCHING


def test_not_eligible_needs_a_reason_and_keeps_the_typed_text_on_error(
    login, staff, referral_submitted
):
    client = login(staff)
    url = reverse("referrals:change_status", args=[referral_submitted.pk])
    response = client.post(url, {"to_status": S.NOT_ELIGIBLE, "reason": " "})
    assert response.status_code == 400
    assert "Angiv en begrundelse for ændringen." in response.text
    response = client.post(url, {"to_status": S.NOT_ELIGIBLE, "reason": "Ingen foranstaltning."})
    referral_submitted.refresh_from_db()
    assert referral_submitted.status == S.NOT_ELIGIBLE


def test_a_skipped_step_is_refused_on_the_page(login, staff, referral_submitted):
    response = login(staff).post(
        reverse("referrals:change_status", args=[referral_submitted.pk]),
        {"to_status": S.READY_FOR_MATCHING},
    )
    assert response.status_code == 400
    assert "Status kan ikke ændres fra" in response.text
    referral_submitted.refresh_from_db()
    assert referral_submitted.status == S.SUBMITTED


def test_nobody_sets_matched_by_hand(login, staff, referral):
    response = login(staff).post(
        reverse("referrals:change_status", args=[referral.pk]), {"to_status": S.MATCHED}
    )
    assert response.status_code == 403
    referral.refresh_from_db()
    assert referral.status == S.READY_FOR_MATCHING


def test_intake_queue_shows_new_referrals_first_with_waiting_time(login, staff, site, caseworker):
    now = timezone.now()
    build_referral(
        site=site, caseworker=caseworker, status=S.RECEIVED, first_name="Modtaget",
        started=now - timedelta(days=60),
    )  # fmt: skip
    older = build_referral(
        site=site, caseworker=caseworker, status=S.SUBMITTED, first_name="Ældst",
        started=now - timedelta(days=30),
    )  # fmt: skip
    build_referral(
        site=site, caseworker=caseworker, status=S.SUBMITTED, first_name="Nyest",
        started=now - timedelta(days=10),
    )  # fmt: skip
    build_referral(site=site, caseworker=caseworker, status=S.DRAFT, first_name="Kladde")
    build_referral(site=site, caseworker=caseworker, status=S.MATCHED, first_name="Matchet")
    response = get_page(
        login(staff), reverse("referrals:intake"), queries=8, name="the intake queue"
    )
    names = [r.child.first_name for r in response.context["page"].object_list]
    assert names == ["Ældst", "Nyest", "Modtaget"]
    assert older.submitted_at is not None
    assert "3\xa0uger" in response.text  # Ældst was submitted 23 days ago


def test_other_sites_referrals_are_not_in_the_intake_queue(
    login, staff, other_staff, referral_submitted
):
    url = reverse("referrals:intake")
    other = get_page(login(other_staff), url, queries=6, name="another site's intake queue")
    assert "Emma Hansen" not in other.text
    own = get_page(login(staff), url, queries=8, name="the site's intake queue")
    assert "Emma Hansen" in own.text


@pytest.mark.parametrize(
    ("url_name", "who", "queries"),
    [("referrals:intake", "staff", 8), ("referrals:mine", "caseworker", 5)],
)
def test_intake_and_caseworker_lists_run_the_same_queries_for_10_and_500(
    login, people, site, caseworker, url_name, who, queries
):
    build_referrals_bulk(site=site, caseworker=caseworker, count=10)

    def more() -> None:
        build_referrals_bulk(site=site, caseworker=caseworker, count=490)

    client = login(people[who])
    few, many = get_page_before_and_after(
        client, reverse(url_name), queries=queries, name=url_name, change=more
    )
    assert few.context["page"].paginator.count == 10
    assert many.context["page"].paginator.count == 500


def test_a_child_ready_for_matching_leads_staff_to_the_candidates(
    login, staff, caseworker, referral
):
    matching_url = reverse("matching:child", args=[referral.pk])
    url = reverse("referrals:detail", args=[referral.pk])
    staff_page = get_page(login(staff), url, queries=13, name="staff's referral page")
    assert matching_url in staff_page.text
    caseworker_page = get_page(login(caseworker), url, queries=9, name="caseworker's referral")
    assert matching_url not in caseworker_page.text
