"""Sending the surveys: at the right moment, by e-mail and SMS, once, reminded twice, expired."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from hjemtilos.core.dates import years_before
from hjemtilos.core.models import ScheduledRun
from hjemtilos.core.scheduler import run_due_jobs
from hjemtilos.core.testing import assert_query_count
from hjemtilos.friendships.models import EndReason, FriendshipStatus
from hjemtilos.friendships.services.ending import friendship_complete, friendship_end_early
from hjemtilos.messaging.models import Channel, Message
from hjemtilos.privacy.models import ConsentKind, ConsentMethod
from hjemtilos.privacy.services import consent_give, consent_withdraw
from hjemtilos.surveys.models import InvitationStatus, SurveyInvitation
from hjemtilos.surveys.services import (
    invitation_decline,
    invitation_reminders_send,
    invitations_expire,
    invitations_send,
)
from hjemtilos.surveys.tests.conftest import (
    invite_to_the_baseline,
    messages_about_surveys,
    parent_baseline_invitation,
    sms_to,
)

pytestmark = pytest.mark.django_db

#: A parent with an e-mail address and a phone.
SARA = {
    "first_name": "Sara",
    "last_name": "Holm",
    "phone": "+4540404040",
    "email": "sara@example.com",
}


def at(day, hour=10, minute=30):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def test_the_baseline_goes_by_sms_to_a_parent_with_only_a_phone(make_friendship, delivering):
    friendship = make_friendship()
    guardian = friendship.child.family.guardians.get()

    with delivering():
        assert invitations_send() == 1

    invitation = SurveyInvitation.objects.get()
    assert (invitation.survey.key, invitation.respondent_key) == (
        "parent_baseline",
        f"guardian-{guardian.pk}",
    )
    assert (invitation.sent_by_sms, invitation.sent_by_email) == (True, False)
    assert invitation.occasion_on == friendship.started_on
    [text] = sms_to(guardian.phone)
    assert text.startswith("Hej Maria. Hvad håber du, Emma får ud af Hjem til Os?")
    assert "/svar/" in text
    assert [m.channel for m in messages_about_surveys()] == ["sms"]


def test_a_parent_with_e_mail_and_phone_gets_both(make_friendship, delivering, smtp_server):
    friendship = make_friendship(guardian={**SARA, "preferred_language": "en"})
    with delivering():
        invitations_send()
    [(to, email)] = smtp_server.messages
    assert to == ["sara@example.com"]
    assert email["Subject"] == "Welcome to Hjem til Os – a few questions"
    assert "/svar/" in email.get_content()
    [text] = sms_to("+4540404040")
    assert text.startswith("Hi Sara.")
    assert SurveyInvitation.objects.get(friendship=friendship).language == "en"


def test_surveys_are_sent_once_even_if_the_scheduler_runs_twice(make_friendship):
    make_friendship()
    today = timezone.localdate()
    with time_machine.travel(at(today, 10, 5), tick=False):
        first = run_due_jobs()
        # A second scheduler on another machine, and the job run by hand once more.
        second = run_due_jobs()
        again = invitations_send()
    assert "surveys.invitations" in first
    assert "surveys.invitations" not in second
    assert again == 0
    assert ScheduledRun.objects.filter(job_name="surveys.invitations").count() == 1
    assert SurveyInvitation.objects.count() == 1
    assert len(messages_about_surveys()) == 1  # the parent's one SMS


def test_the_job_costs_five_statements_per_invitation(make_friendship):
    # The fixed part: the surveys of each moment (3 statements each), the due friendships
    # with their guardians and adults (3 for the start, 1 for the end, where none is due),
    # who was asked already (2) and who refused SMS (1). Then, per invitation: the row and
    # its audit entry, the "sent" event and its entry, and the one SMS (the parent has only
    # a phone). Savepoints are not counted (they depend on the caller's transaction).
    for _ in range(2):
        make_friendship()
    with assert_query_count(13 + 2 * 5, "the survey invitations job, 2 invitations"):
        assert invitations_send() == 2
    for _ in range(4):
        make_friendship()
    with assert_query_count(13 + 4 * 5, "the survey invitations job, 4 invitations"):
        assert invitations_send() == 4

    invitations = SurveyInvitation.objects.all()
    assert len(invitations) == 6
    assert all(i.sent_by_sms and not i.sent_by_email for i in invitations)
    assert [e.to_status for i in invitations for e in i.events.all()] == ["sent"] * 6
    assert len(messages_about_surveys()) == 6


def test_a_parent_who_refused_sms_gets_the_link_by_e_mail_only(make_friendship, staff):
    friendship = make_friendship(guardian={**SARA})
    guardian = friendship.child.family.guardians.get()
    consent = consent_give(
        kind=ConsentKind.SMS,
        site_id=friendship.site_id,
        person_key=f"guardian-{guardian.pk}",
        person_name="Sara Holm",
        scope_key="sms",
        method=ConsentMethod.PORTAL,
        by=None,
    )
    consent_withdraw(consent=consent, by=staff, method=ConsentMethod.PHONE)

    assert invitations_send() == 1

    invitation = SurveyInvitation.objects.get()
    assert (invitation.sent_by_email, invitation.sent_by_sms) == (True, False)
    assert [(m.channel, m.to_address) for m in messages_about_surveys()] == [
        (Channel.EMAIL, "sara@example.com")
    ]


def test_a_parent_with_no_address_is_invited_and_the_gap_is_logged(make_friendship, caplog):
    make_friendship(guardian={"first_name": "Ida", "last_name": "Berg", "phone": ""})

    with caplog.at_level("INFO", logger="hjemtilos.surveys.services.invitations"):
        assert invitations_send() == 1

    invitation = SurveyInvitation.objects.get()
    assert not invitation.reached
    assert f"Survey invitation {invitation.pk} has no e-mail or phone to go to" in caplog.text
    assert not Message.objects.exists()
    assert invitations_send() == 0  # the invitation stands: staff can see whom it missed


def test_inviting_the_same_person_twice_makes_one_invitation_and_one_message(make_friendship):
    friendship = make_friendship()
    first = parent_baseline_invitation(friendship)
    assert invite_to_the_baseline(friendship) is None
    assert SurveyInvitation.objects.get() == first
    assert len(messages_about_surveys()) == 1
    assert first.events.count() == 1


def test_nothing_is_sent_before_the_friendship_runs_or_long_after_its_start(make_friendship):
    today = timezone.localdate()
    make_friendship(started_on=today - timedelta(days=40))  # started before surveys existed
    make_friendship(status=FriendshipStatus.PLANNED, started_on=today + timedelta(days=30))
    assert invitations_send() == 0


def test_the_end_surveys_go_at_the_anniversary(make_friendship, delivering, smtp_server):
    today = timezone.localdate()
    friendship = make_friendship(started_on=years_before(today, 1))
    assert friendship_complete(friendship=friendship)
    with delivering():
        invitations_send()

    by_survey = {
        (i.survey.key, i.respondent_key): i
        for i in SurveyInvitation.objects.select_related("survey")
    }
    guardian = friendship.child.family.guardians.get()
    lars, mette = friendship.family.members.order_by("first_name")
    assert set(by_survey) == {
        ("parent_end", f"guardian-{guardian.pk}"),
        ("family_end", f"member-{lars.pk}"),
        ("family_end", f"member-{mette.pk}"),
    }
    assert by_survey["family_end", f"member-{lars.pk}"].sent_by_sms
    assert not by_survey["family_end", f"member-{mette.pk}"].sent_by_sms  # no phone
    assert sorted(
        (to, email["Subject"]) for to, email in smtp_server.messages if "året" in email["Subject"]
    ) == [
        (["lars@example.net"], "Hvordan var året med Emma?"),
        (["mette@example.net"], "Hvordan var året med Emma?"),
    ]
    [parent_sms] = sms_to(guardian.phone)
    assert "Hvordan gik året i Hjem til Os for Emma?" in parent_sms


def test_an_early_ending_sends_the_end_surveys_but_not_after_a_safeguarding_ending(
    make_friendship, staff
):
    today = timezone.localdate()
    ended = make_friendship(started_on=today - timedelta(weeks=12))
    friendship_end_early(
        friendship=ended,
        by=staff,
        ended_on=today - timedelta(days=2),
        ended_by="volunteer_family",
        reason_category=EndReason.MOVED,
        reason="Familien flyttede til Aarhus.",
        child_back_to_matching=True,
        family_status="resting",
    )
    concern = make_friendship(started_on=today - timedelta(weeks=12))
    friendship_end_early(
        friendship=concern,
        by=staff,
        ended_on=today,
        ended_by="charity",
        reason_category=EndReason.SAFEGUARDING,
        reason="Bekymring håndteres af rådgivningen.",
        child_back_to_matching=False,
        family_status="resting",
    )
    invitations_send()
    assert {i.friendship_id for i in SurveyInvitation.objects.all()} == {ended.pk}
    assert SurveyInvitation.objects.get(survey__key="parent_end").occasion_on == today - timedelta(
        days=2
    )


def test_reminders_after_7_and_14_days_once_each_then_the_link_expires(make_friendship, delivering):
    friendship = make_friendship()
    phone = friendship.child.family.guardians.get().phone
    today = timezone.localdate()
    with time_machine.travel(at(today), tick=False), delivering():
        invitations_send()
    invitation = SurveyInvitation.objects.get()

    for day, expected in ((6, 0), (7, 1), (8, 0), (13, 0), (14, 1), (15, 0), (21, 0)):
        with time_machine.travel(at(today + timedelta(days=day)), tick=False), delivering():
            assert invitation_reminders_send() == expected, day
            assert invitation_reminders_send() == 0, day  # twice the same day: once
    invitation.refresh_from_db()
    assert (invitation.status, invitation.reminders_sent) == (InvitationStatus.REMINDED, 2)
    texts = sms_to(phone)
    assert len(texts) == 3
    assert texts[1].startswith("Hej Maria. Påmindelse:")
    assert texts[2].startswith("Hej Maria. Sidste påmindelse:")

    with time_machine.travel(at(today + timedelta(days=27)), tick=False):
        assert invitations_expire() == 0
    with time_machine.travel(at(today + timedelta(days=28), 11), tick=False):
        assert invitations_expire() == 1
        assert invitations_expire() == 0
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.EXPIRED
    assert [e.to_status for e in invitation.events.order_by("id")] == [
        "sent",
        "reminded",
        "expired",
    ]


def test_declining_stops_the_reminders(make_friendship, delivering):
    friendship = make_friendship()
    phone = friendship.child.family.guardians.get().phone
    today = timezone.localdate()
    with time_machine.travel(at(today), tick=False), delivering():
        invitations_send()
        invitation_decline(invitation=SurveyInvitation.objects.get())
    with time_machine.travel(at(today + timedelta(days=7)), tick=False), delivering():
        assert invitation_reminders_send() == 0
    with time_machine.travel(at(today + timedelta(days=30)), tick=False):
        assert invitations_expire() == 0
    assert len(sms_to(phone)) == 1
    assert SurveyInvitation.objects.get().status == InvitationStatus.DECLINED
