"""Greetings between the two families: photos only with the parent's consent, replies,
relayed feedback through the contact person, the 4-week attention rule, a worry
caught like the logbook's, who may read them, and deletion with the year."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from hjemtilos.followups.models import FollowUpKind, FollowUpTask
from hjemtilos.friendships.models import Friendship, Greeting, GreetingPhoto, Side
from hjemtilos.friendships.policies import visible_greetings
from hjemtilos.friendships.selectors import attention_list
from hjemtilos.friendships.services.attention import attention_tasks_run
from hjemtilos.friendships.services.ending import anniversaries_run, friendship_end_early
from hjemtilos.friendships.services.greetings import (
    greeting_pass_on,
    greeting_photo_consent_set,
    greeting_send,
    relayed_feedback_set,
)
from hjemtilos.messaging.models import Channel, Message
from hjemtilos.safeguarding.models import Concern


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def jpeg(name: str = "boller.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 60)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def with_consent(friendship: Friendship, parent) -> Friendship:
    return greeting_photo_consent_set(friendship=friendship, by=parent, consent=True)


def send_from_volunteer(friendship, volunteer, text="Vi bagte boller.", photos=()):
    return greeting_send(
        friendship=friendship,
        side=Side.VOLUNTEER_FAMILY,
        by=volunteer,
        text=text,
        photos=list(photos),
    )


def test_a_greeting_with_a_photo_reaches_the_parent_who_replies(
    login, befriended, volunteer, parent
):
    with_consent(befriended, parent)
    volunteer_client = login(volunteer)
    response = volunteer_client.post(
        reverse("friendships:greeting_send", args=[befriended.pk]),
        {"text": "Emma vandt i Uno og lo hele vejen hjem.", "photos": [jpeg()]},
    )
    assert response.status_code == 302
    greeting = Greeting.objects.get(friendship=befriended)
    photo = greeting.photos.get()
    # The parent is told by SMS that a greeting has arrived, never its text.
    sms = Message.objects.get(template="greeting_arrived", channel=Channel.SMS)
    assert sms.to_address == "+4561112233"
    assert "Uno" not in sms.body

    parent_client = login(parent)
    page = parent_client.get(reverse("friendships:greetings", args=[befriended.pk])).text
    assert "Emma vandt i Uno" in page
    assert reverse("friendships:greeting_photo", args=[photo.pk]) in page
    served = parent_client.get(reverse("friendships:greeting_photo", args=[photo.pk]))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"

    reply = parent_client.post(
        reverse("friendships:greeting_send", args=[befriended.pk]) + f"?svar={greeting.pk}",
        {"quick": "thanks"},
    )
    assert reply.status_code == 302
    answer = Greeting.objects.get(reply_to=greeting)
    assert answer.from_side == Side.CHILD_FAMILY
    volunteer_page = volunteer_client.get(reverse("friendships:greetings", args=[befriended.pk]))
    assert "Tak for en dejlig eftermiddag!" in volunteer_page.text
    assert Message.objects.filter(template="greeting_arrived", to_address="+4551112233").exists()


def test_without_photo_consent_no_photo_can_be_attached(login, befriended, volunteer):
    response = login(volunteer).post(
        reverse("friendships:greeting_send", args=[befriended.pk]),
        {"text": "En god dag i parken.", "photos": [jpeg()]},
    )
    assert response.status_code == 400
    assert "har ikke sagt ja til billeder" in response.text
    # What was typed is kept.
    assert "En god dag i parken." in response.text
    assert not Greeting.objects.exists()
    # The form does not offer photos at all without consent.
    page = login(volunteer).get(reverse("friendships:greeting_send", args=[befriended.pk]))
    assert 'type="file"' not in page.text


def test_withdrawing_consent_deletes_the_photos_sent(
    befriended, volunteer, parent, media, django_capture_on_commit_callbacks
):
    friendship = with_consent(befriended, parent)
    greeting = send_from_volunteer(friendship, volunteer, photos=[jpeg()])
    path = Path(greeting.photos.get().image.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        greeting_photo_consent_set(friendship=friendship, by=parent, consent=False)
    assert not GreetingPhoto.objects.exists()
    assert not path.exists()
    friendship.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        send_from_volunteer(friendship, volunteer, photos=[jpeg()])
    assert "photos" in refused.value.message_dict


def test_with_relayed_feedback_the_contact_person_receives_it_first(
    login, befriended, staff, volunteer, parent
):
    relayed_feedback_set(friendship=befriended, by=staff, enabled=True)
    befriended.refresh_from_db()
    greeting = send_from_volunteer(befriended, volunteer, text="Emma byggede en hule.")
    assert greeting.is_waiting
    task = FollowUpTask.objects.get(kind=FollowUpKind.RELAY_GREETING)
    assert task.owner == staff and task.friendship == befriended
    # Due today, but not urgent like an overnight stay.
    assert task.due_on == timezone.localdate() and not task.is_urgent
    assert not Message.objects.filter(template="greeting_arrived").exists()
    assert Message.objects.filter(template="greeting_to_relay", to_address=staff.email).exists()
    greetings_url = reverse("friendships:greetings", args=[befriended.pk])
    assert "hule" not in login(parent).get(greetings_url).text

    staff_client = login(staff)
    assert (
        "Emma byggede en hule."
        in staff_client.get(reverse("friendships:greeting_relay", args=[greeting.pk])).text
    )
    response = staff_client.post(
        reverse("friendships:greeting_relay", args=[greeting.pk]),
        {"text": "Emma byggede en hule af puder, og hun var så stolt."},
    )
    assert response.status_code == 302
    assert "så stolt" in login(parent).get(greetings_url).text
    task.refresh_from_db()
    assert task.completed_at is not None
    assert Message.objects.filter(template="greeting_arrived", to_address="+4561112233").exists()
    with pytest.raises(ValidationError):
        greeting_pass_on(greeting=greeting, by=staff, text="Igen")


def test_a_worry_in_a_greeting_opens_a_concern_the_parent_never_reads(
    login, befriended, volunteer, parent
):
    login(volunteer).post(
        reverse("friendships:greeting_send", args=[befriended.pk]),
        {
            "text": "Vi var i svømmehallen.",
            "worried": "on",
            "worry_text": "Emma havde blå mærker på armene.",
        },
    )
    concern = Concern.objects.get(friendship=befriended)
    assert "blå mærker" in concern.observed
    page = login(parent).get(reverse("friendships:greetings", args=[befriended.pk]))
    assert "svømmehallen" in page.text
    assert "blå mærker" not in page.text


def test_caseworkers_never_see_greetings(
    login, befriended, volunteer, parent, caseworker, advisory, administrator
):
    greeting = send_from_volunteer(with_consent(befriended, parent), volunteer, photos=[jpeg()])
    photo = greeting.photos.get()
    for user in (caseworker, advisory, administrator):
        assert not visible_greetings(user).exists()
        client = login(user)
        for url in (
            reverse("friendships:greetings", args=[befriended.pk]),
            reverse("friendships:greeting_photo", args=[photo.pk]),
            reverse("friendships:greeting_send", args=[befriended.pk]),
        ):
            assert client.get(url).status_code in (403, 404), (user, url)
    referral_page = login(caseworker).get(
        reverse("referrals:detail", args=[befriended.referral.pk])
    )
    assert referral_page.status_code == 200
    assert "Vi bagte boller." not in referral_page.text


# The attention rule -----------------------------------------------------------------


def quiet_since(friendship: Friendship, days: int) -> None:
    """Greetings began ``days`` ago and none has passed since."""
    at = timezone.now() - timedelta(days=days)
    Friendship.objects.filter(pk=friendship.pk).update(
        greetings_since=at, last_greeting_to_parent_at=at, last_greeting_to_volunteer_at=at
    )


def test_greetings_that_stay_away_four_weeks_put_the_friendship_on_the_attention_list(
    befriended, staff, volunteer, parent
):
    # Families who never used greetings are not flagged for it.
    assert befriended not in attention_list(user=staff)
    quiet_since(befriended, 27)
    assert befriended not in attention_list(user=staff)
    quiet_since(befriended, 29)
    assert befriended in attention_list(user=staff)
    attention_tasks_run()
    task = FollowUpTask.objects.get(kind=FollowUpKind.FEEDBACK, friendship=befriended)
    assert task.owner == staff

    # A greeting to the parent only: the volunteer family still hears nothing.
    send_from_volunteer(befriended, volunteer)
    assert befriended in attention_list(user=staff)
    greeting_send(friendship=befriended, side=Side.CHILD_FAMILY, by=parent, text="Tak for i dag!")
    assert befriended not in attention_list(user=staff)


def test_relayed_feedback_starts_the_clock_and_phone_feedback_moves_it(login, befriended, staff):
    relayed_feedback_set(friendship=befriended, by=staff, enabled=True)
    Friendship.objects.filter(pk=befriended.pk).update(
        greetings_since=timezone.now() - timedelta(days=30)
    )
    assert befriended in attention_list(user=staff)
    client = login(staff)
    for side in (Side.VOLUNTEER_FAMILY, Side.CHILD_FAMILY):
        response = client.post(
            reverse("friendships:phone_feedback", args=[befriended.pk]),
            {
                "from_side": side,
                "passed_on_on": timezone.localdate().isoformat(),
                "text": "Fortalte om en god eftermiddag i telefonen.",
            },
        )
        assert response.status_code == 302
    assert befriended not in attention_list(user=staff)


# Deletion with the year -------------------------------------------------------------


@pytest.mark.parametrize("ending", ["anniversary", "early"])
def test_greetings_and_their_photos_are_gone_after_the_years_deletion(
    ending, befriended, staff, volunteer, parent, django_capture_on_commit_callbacks
):
    friendship = with_consent(befriended, parent)
    greeting = send_from_volunteer(friendship, volunteer, photos=[jpeg(), jpeg("to.jpg")])
    greeting_send(
        friendship=friendship,
        side=Side.CHILD_FAMILY,
        by=parent,
        text="Tak!",
        reply_to=greeting,
    )
    files = [Path(p.image.path) for p in greeting.photos.all()]
    assert all(f.exists() for f in files)
    with django_capture_on_commit_callbacks(execute=True):
        if ending == "anniversary":
            assert anniversaries_run(today=friendship.anniversary_on) == 1
        else:
            friendship_end_early(
                friendship=friendship,
                by=staff,
                ended_on=timezone.localdate(),
                ended_by="child_family",
                reason_category="moved",
                reason="Familien flytter.",
                child_back_to_matching=False,
                family_status="approved",
            )
    assert not Greeting.objects.filter(friendship=friendship).exists()
    assert not GreetingPhoto.objects.exists()
    assert not any(f.exists() for f in files)
