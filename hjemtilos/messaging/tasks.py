"""Sending queued messages in the background, with retries and back-off.

A message is claimed with a conditional UPDATE (queued → sending), so a
duplicate enqueue or a second worker never sends it twice. A failed attempt
puts it back in the queue with a later ``next_attempt_at``; the scheduler's
sweep (``messages_requeue_due``, every minute) enqueues it again when that
time comes, and releases a message left "sending" by a worker that died.

A worker can die (SIGKILL, a lost machine) after the gateway took a message
but before the row says so. The next attempt must then not deliver it again
(docs/decisions/0070-idempotent-message-delivery.md):

* SMS: every request carries the message's ``idempotency_key``
  (``Idempotency-Key`` header); the gateway answers a key it has seen with the
  first delivery's id and sends nothing.
* E-mail: SMTP has no such key. The Message-ID (made from the key) is recorded
  and ``handed_over_at`` set, committed, before the DATA is sent; both are
  cleared if the server refuses. An attempt that finds ``handed_over_at`` still
  set knows a worker died mid-hand-over and refuses to send: the message is
  marked failed with a note, and staff decide whether to send it again.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from hjemtilos.messaging.models import Channel, Message, MessageStatus
from hjemtilos.messaging.sms import Sms, get_gateway

logger = logging.getLogger(__name__)

#: Minutes to wait after the 1st, 2nd, 3rd... failed attempt. With the default
#: ``MESSAGE_MAX_ATTEMPTS`` (8) a message is tried for about eight hours, so a
#: gateway that is down for an hour or two loses nothing.
BACKOFF_MINUTES = (1, 5, 15, 30, 60, 120, 240, 480)

#: ``last_error`` of a message whose e-mail hand-over was interrupted.
INTERRUPTED_HAND_OVER = (
    "Interrupted: the sending worker stopped while handing this e-mail to the mail server. "
    "It may have been delivered; it is not sent again automatically."
)


class DeliveryInterruptedError(Exception):
    """An earlier attempt died while handing the e-mail over: sending again could double it."""


def backoff(attempts: int) -> timedelta:
    return timedelta(minutes=BACKOFF_MINUTES[min(attempts, len(BACKOFF_MINUTES)) - 1])


def stuck_after() -> timedelta:
    """A message "sending" for longer than this was left by a worker that died."""
    return timedelta(seconds=settings.MESSAGE_STUCK_AFTER_SECONDS)


def message_id_header(message: Message) -> str:
    """The e-mail's Message-ID, the same on every attempt (made from the idempotency key)."""
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or "hjemtilos.invalid"
    return f"<{message.idempotency_key}@{domain}>"


def _mark_handed_over(message: Message, provider_id: str) -> None:
    """Commit that the hand-over starts now (the task runs in autocommit mode)."""
    message.handed_over_at = timezone.now()
    message.provider_message_id = provider_id
    Message.objects.filter(pk=message.pk).update(
        handed_over_at=message.handed_over_at, provider_message_id=provider_id
    )


def _send_email(message: Message) -> str:
    if message.handed_over_at is not None:
        raise DeliveryInterruptedError(INTERRUPTED_HAND_OVER)
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_address],
        headers={"Message-ID": message_id_header(message)},
    )
    connection = get_connection()
    # Connect (and log in) first: a server that is down fails here, before the
    # hand-over is recorded, and the message is simply retried later.
    connection.open()
    try:
        _mark_handed_over(message, message_id_header(message))
        sent = connection.send_messages([email])
    finally:
        connection.close()
    if not sent:
        raise smtplib.SMTPException("The mail server did not accept the message")
    return message_id_header(message)


def _deliver(message: Message) -> str:
    if message.channel == Channel.EMAIL:
        return _send_email(message)
    return get_gateway().send(
        Sms(
            to=message.to_address,
            body=message.body,
            sender=settings.SMS_SENDER,
            message=message,
            idempotency_key=str(message.idempotency_key),
        )
    )


def _record_failure(message: Message, exc: Exception) -> str:
    message.attempts += 1
    message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    if isinstance(exc, DeliveryInterruptedError):
        # Handed over once already: only a person may decide to send it again.
        message.last_error = str(exc)
        message.status = MessageStatus.FAILED
    elif message.attempts >= settings.MESSAGE_MAX_ATTEMPTS:
        message.status = MessageStatus.FAILED
        message.handed_over_at = None
    else:
        message.status = MessageStatus.QUEUED
        message.next_attempt_at = timezone.now() + backoff(message.attempts)
        message.handed_over_at = None
    logger.warning(
        "Message %s failed (attempt %s, %s): %s",
        message.pk,
        message.attempts,
        message.status,
        type(exc).__name__,
    )
    message.save(
        update_fields=["attempts", "last_error", "status", "next_attempt_at", "handed_over_at"]
    )
    return str(message.status)


@task(queue_name="messages")
def send_message(message_id: int) -> str:
    """Send one queued message; returns its status afterwards."""
    now = timezone.now()
    claimed = Message.objects.filter(
        pk=message_id, status=MessageStatus.QUEUED, next_attempt_at__lte=now
    ).update(status=MessageStatus.SENDING, sending_started_at=now)
    if not claimed:
        return "skipped"
    message = Message.objects.get(pk=message_id)
    try:
        provider_id = _deliver(message)
    except Exception as exc:  # any failure of the backend or gateway is retried
        return _record_failure(message, exc)
    message.attempts += 1
    message.status = MessageStatus.SENT
    message.sent_at = timezone.now()
    message.provider_message_id = provider_id[:200]
    message.last_error = ""
    message.handed_over_at = None
    message.save(
        update_fields=[
            "attempts",
            "status",
            "sent_at",
            "provider_message_id",
            "last_error",
            "handed_over_at",
        ]
    )
    return str(message.status)


def messages_requeue_due() -> int:
    """Enqueue messages whose retry time has come, and release ones stuck in sending."""
    current = timezone.now()
    released = Message.objects.filter(
        status=MessageStatus.SENDING, sending_started_at__lt=current - stuck_after()
    ).update(status=MessageStatus.QUEUED, next_attempt_at=current)
    if released:
        logger.warning("%s messages left sending by a stopped worker were released", released)
    due = list(
        Message.objects.filter(
            Q(status=MessageStatus.QUEUED) & Q(next_attempt_at__lte=current)
        ).values_list("pk", flat=True)[:1000]
    )
    for pk in due:
        send_message.enqueue(pk)
    return len(due)
