"""Sending queued messages in the background, with retries and backoff.

A message is claimed with a conditional UPDATE (queued → sending), so a
duplicate enqueue or a second worker never sends it twice. A failed attempt
puts it back in the queue with a later ``next_attempt_at``; the scheduler's
sweep (``messages_requeue_due``) enqueues it again when that time comes.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from hjemtilos.messaging.models import Channel, Message, MessageStatus
from hjemtilos.messaging.sms import get_gateway

logger = logging.getLogger(__name__)

#: Minutes to wait after the 1st, 2nd, 3rd... failed attempt.
BACKOFF_MINUTES = (1, 5, 30, 120, 480)
#: A message "sending" for longer than this was left by a worker that died.
STUCK_AFTER = timedelta(minutes=15)


def backoff(attempts: int) -> timedelta:
    return timedelta(minutes=BACKOFF_MINUTES[min(attempts, len(BACKOFF_MINUTES)) - 1])


def _deliver(message: Message) -> str:
    if message.channel == Channel.EMAIL:
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to_address],
        )
        email.send()
        message_id: str = email.extra_headers.get("Message-ID", "")
        return message_id
    return get_gateway().send(
        to=message.to_address, body=message.body, sender=settings.SMS_SENDER, message=message
    )


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
        message.attempts += 1
        message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if message.attempts >= settings.MESSAGE_MAX_ATTEMPTS:
            message.status = MessageStatus.FAILED
        else:
            message.status = MessageStatus.QUEUED
            message.next_attempt_at = timezone.now() + backoff(message.attempts)
        logger.warning("Message %s failed (attempt %s): %s", message.pk, message.attempts, exc)
        message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        return str(message.status)
    message.attempts += 1
    message.status = MessageStatus.SENT
    message.sent_at = timezone.now()
    message.provider_message_id = provider_id[:200]
    message.last_error = ""
    message.save(
        update_fields=["attempts", "status", "sent_at", "provider_message_id", "last_error"]
    )
    return str(message.status)


def messages_requeue_due(now: object = None) -> int:
    """Enqueue messages whose retry time has come, and release ones stuck in sending."""
    current = timezone.now()
    Message.objects.filter(
        status=MessageStatus.SENDING, sending_started_at__lt=current - STUCK_AFTER
    ).update(status=MessageStatus.QUEUED, next_attempt_at=current)
    due = list(
        Message.objects.filter(
            Q(status=MessageStatus.QUEUED) & Q(next_attempt_at__lte=current)
        ).values_list("pk", flat=True)[:1000]
    )
    for pk in due:
        send_message.enqueue(pk)
    return len(due)
