"""Messages go out through real servers, are retried, and are kept with their status."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from hjemtilos.core.phones import normalise_phone_number
from hjemtilos.core.workers import heartbeat_stop
from hjemtilos.messaging.models import DevelopmentSms, Message, MessageStatus
from hjemtilos.messaging.services import message_queue_email, message_queue_sms, message_retry
from hjemtilos.messaging.tasks import message_id_header, messages_requeue_due, send_message

CONTEXT = {"first_name": "Pia", "link": "https://hjemtilos.example/konto/invitation/abc/"}


def test_email_reaches_a_real_smtp_server_in_danish(
    smtp_server, parent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = message_queue_email(template="invitation", to_user=parent, context=CONTEXT)
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.sent_at is not None
    ((recipients, email),) = smtp_server.messages
    assert recipients == ["parent@example.org"]
    assert email["Subject"] == "Du er inviteret til Hjem til Os"
    assert CONTEXT["link"] in email.get_content()
    assert "Kære Pia" in email.get_content()


def test_email_uses_the_recipients_language(
    smtp_server, parent, django_capture_on_commit_callbacks
):
    parent.preferred_language = "en"
    parent.save()
    with django_capture_on_commit_callbacks(execute=True):
        message_queue_email(template="invitation", to_user=parent, context=CONTEXT)
    ((_, email),) = smtp_server.messages
    assert email["Subject"] == "You are invited to Hjem til Os"
    assert "Dear Pia" in email.get_content()


def test_unreachable_smtp_server_is_retried_with_backoff_then_fails(
    smtp_server, settings, parent, django_capture_on_commit_callbacks
):
    settings.EMAIL_PORT = 1  # nothing listens there
    settings.MESSAGE_MAX_ATTEMPTS = 3
    with django_capture_on_commit_callbacks(execute=True):
        message = message_queue_email(template="invitation", to_user=parent, context=CONTEXT)
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED
    assert message.attempts == 1
    assert message.last_error
    assert message.next_attempt_at > timezone.now()
    # Not due yet: the sweep leaves it alone.
    assert messages_requeue_due() == 0
    for _ in range(2):
        with time_machine.travel(message.next_attempt_at + timedelta(seconds=1)):
            assert messages_requeue_due() == 1
        message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.attempts == 3
    assert smtp_server.messages == []


def test_a_message_is_sent_once_even_if_enqueued_twice(smtp_server, parent):
    message = message_queue_email(template="invitation", to_user=parent, context=CONTEXT)
    assert send_message.call(message.pk) == "sent"
    assert send_message.call(message.pk) == "skipped"
    assert len(smtp_server.messages) == 1


def test_a_message_left_sending_by_a_dead_worker_is_sent_later(smtp_server, parent):
    message = message_queue_email(template="invitation", to_user=parent, context=CONTEXT)
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, sending_started_at=timezone.now() - timedelta(hours=1)
    )
    assert messages_requeue_due() == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert len(smtp_server.messages) == 1


def test_sms_is_kept_by_the_development_gateway(parent, django_capture_on_commit_callbacks):
    parent.phone = "22 33 44 55"
    parent.save()
    with django_capture_on_commit_callbacks(execute=True):
        message = message_queue_sms(template="invitation", to_user=parent, context=CONTEXT)
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    sms = DevelopmentSms.objects.get()
    assert sms.to == "+4522334455"
    assert CONTEXT["link"] in sms.body and sms.body.startswith("Hej Pia")


def test_sms_goes_to_the_http_gateway_with_its_idempotency_key(
    sms_provider, parent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = message_queue_sms(
            template="invitation", to_number="+45 22 33 44 55", context=CONTEXT, language="en"
        )
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.provider_message_id == "sms-1"
    (request,) = sms_provider.requests
    assert request["authorization"] == "Bearer secret-token"
    assert request["json"]["to"] == "+4522334455"
    assert request["json"]["from"] == "HjemTilOs"
    assert request["json"]["text"].startswith("Hi Pia")
    assert request["key"] == str(message.idempotency_key) == request["json"]["reference"]


def test_http_gateway_error_is_recorded_and_retried(
    sms_provider, parent, django_capture_on_commit_callbacks
):
    sms_provider.status = 500
    with django_capture_on_commit_callbacks(execute=True):
        message = message_queue_sms(template="invitation", to_number="22334455", context=CONTEXT)
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED
    assert "HTTP 500" in message.last_error and "provider is down" in message.last_error


def test_a_gateway_down_for_an_hour_delays_the_sms_but_delivers_it_once(
    sms_provider, parent, django_capture_on_commit_callbacks
):
    """The provider answers 503 for an hour: the SMS waits in the outbox, is tried again
    with growing pauses, and reaches the phone once when the provider is back."""
    sms_provider.status = 503
    queued_at = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        message = message_queue_sms(template="invitation", to_number="22334455", context=CONTEXT)
    pauses = []
    with time_machine.travel(queued_at, tick=False) as clock:
        while True:
            message.refresh_from_db()
            if message.status != MessageStatus.QUEUED:
                break
            pauses.append(round((message.next_attempt_at - timezone.now()).total_seconds() / 60))
            clock.move_to(message.next_attempt_at + timedelta(seconds=1))
            if timezone.now() - queued_at > timedelta(hours=1):
                sms_provider.status = 200
            # The every-minute sweep finds the message due.
            assert messages_requeue_due() == 1
    # 1, 5, 15, 30 minutes: down; after 60 more the provider is back (at 1 h 51 min).
    assert pauses == [1, 5, 15, 30, 60]
    assert message.status == MessageStatus.SENT
    assert message.attempts == 6
    assert len(sms_provider.requests) == 6
    assert sms_provider.phones() == ["+4522334455"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("22334455", "+4522334455"),
        ("22 33 44 55", "+4522334455"),
        ("+45 22 33 44 55", "+4522334455"),
        ("0045-2233-4455", "+4522334455"),
        ("(+45) 91 23 45 67", "+4591234567"),
    ],
)
def test_danish_numbers_are_normalised(typed, expected):
    assert normalise_phone_number(typed) == expected


@pytest.mark.parametrize("typed", ["", "2233445", "223344556", "+46 22334455", "12345678", "abc"])
def test_other_numbers_are_refused_with_a_message(typed):
    with pytest.raises(ValidationError) as error:
        normalise_phone_number(typed)
    assert "8" in error.value.messages[0]


@pytest.mark.django_db(transaction=True)  # the worker closes stale connections, as in production
def test_database_worker_sends_a_queued_message(smtp_server):
    """The production path: the task is stored in the database and a worker runs it."""
    # Created directly, so the test settings' immediate backend does not send it first.
    second = Message.objects.create(
        channel="email",
        template="invitation",
        language="da",
        to_address="x@example.org",
        subject="Test",
        body="Hej",
    )
    send_message.using(backend="database").enqueue(second.pk)
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    try:
        Worker(
            queue_names=["messages"],
            interval=0,
            batch=True,
            backend_name="database",
            startup_delay=False,
            max_tasks=None,
            worker_id="test",
            excluded_queue_names=[],
        ).run()
    finally:
        # The worker ran inside the test process: its heartbeat thread must not outlive it.
        heartbeat_stop("test")
    second.refresh_from_db()
    assert second.status == MessageStatus.SENT
    assert [r for r, _ in smtp_server.messages] == [["x@example.org"]]


def test_a_resent_sms_with_the_same_key_reaches_the_phone_once(sms_provider, parent):
    """A worker that died after the gateway took the SMS: the next attempt is recognised."""
    message = message_queue_sms(template="invitation", to_number="22334455", context=CONTEXT)
    assert send_message.call(message.pk) == "sent"
    # As if the row had not been marked sent: the sweep releases it and it goes again.
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, sending_started_at=timezone.now() - timedelta(hours=1)
    )
    assert messages_requeue_due() == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert len(sms_provider.requests) == 2
    assert sms_provider.phones() == ["+4522334455"]
    assert message.provider_message_id == "sms-1"


def test_the_development_gateway_keeps_one_sms_per_key(parent):
    message = message_queue_sms(template="invitation", to_number="22334455", context=CONTEXT)
    assert send_message.call(message.pk) == "sent"
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.QUEUED)
    assert send_message.call(message.pk) == "sent"
    assert DevelopmentSms.objects.count() == 1


def test_an_email_carries_a_message_id_made_from_its_key(smtp_server, parent):
    message = message_queue_email(template="invitation", to_user=parent, context=CONTEXT)
    send_message.call(message.pk)
    message.refresh_from_db()
    assert smtp_server.message_ids() == [message_id_header(message)]
    assert str(message.idempotency_key) in message.provider_message_id
    assert message.handed_over_at is None


def test_an_interrupted_email_hand_over_is_not_sent_again(
    smtp_server, parent, staff, django_capture_on_commit_callbacks
):
    """A worker died while the mail server was taking the e-mail: it may have arrived.

    The row still says when the hand-over began; the next attempt refuses to send,
    and the message waits, failed, for staff to decide.
    """
    message = message_queue_email(template="invitation", to_user=parent, context=CONTEXT)
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING,
        sending_started_at=timezone.now() - timedelta(hours=1),
        handed_over_at=timezone.now() - timedelta(hours=1),
    )
    messages_requeue_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert "may have been delivered" in message.last_error
    assert smtp_server.messages == []
    with django_capture_on_commit_callbacks(execute=True):
        message_retry(message=message, by=staff)
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert smtp_server.message_ids() == [message_id_header(message)]


def test_texts_are_encrypted_at_rest(parent):
    message = message_queue_email(template="invitation", to_user=parent, context=CONTEXT)
    with connection.cursor() as cursor:
        cursor.execute("SELECT subject, body FROM messaging_message WHERE id = %s", [message.pk])
        subject, body = cursor.fetchone()
    # "Kære Pia", not "Pia": three letters turn up in a random token now and then; a
    # space and an "æ" never do (url-safe base64).
    assert "Kære Pia" not in body and CONTEXT["link"] not in body
    assert "inviteret" not in subject
    message.refresh_from_db()
    assert "Kære Pia" in message.body


def test_a_message_belongs_to_the_site_of_what_it_is_about(parent, friendship, site):
    visit = friendship.visits.first()
    message = message_queue_sms(
        template="invitation", to_number="22334455", context=CONTEXT, related=visit
    )
    assert message.site == site
    referral_message = message_queue_email(
        template="invitation", to_user=parent, context=CONTEXT, related=friendship.referral
    )
    assert referral_message.site == site
    account_message = message_queue_email(template="invitation", to_user=parent, context=CONTEXT)
    assert account_message.site is None
