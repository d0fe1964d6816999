"""Queueing messages. Rendering happens here, sending in ``tasks.send_message``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import User
from hjemtilos.core.phones import normalise_phone_number
from hjemtilos.messaging.models import Channel, Message, MessageStatus
from hjemtilos.messaging.tasks import send_message

SUPPORTED_LANGUAGES = ("da", "en")


def _language(language: str | None, to_user: User | None) -> str:
    language = language or (to_user.preferred_language if to_user else "") or "da"
    return language if language in SUPPORTED_LANGUAGES else "da"


def _render(name: str, language: str, context: dict[str, Any]) -> str:
    with translation.override(language):
        return render_to_string(
            f"messaging/messages/{name}",
            {
                "public_base_url": settings.PUBLIC_BASE_URL,
                "invitation_valid_days": settings.INVITATION_VALID_DAYS,
                **context,
            },
        ).strip()


def _enqueue(message: Message) -> None:
    transaction.on_commit(lambda: send_message.enqueue(message.pk))


def _related(related: models.Model | None) -> dict[str, Any]:
    if related is None:
        return {}
    return {
        "related_type": ContentType.objects.get_for_model(related),
        "related_id": str(related.pk),
    }


@transaction.atomic
def message_queue_email(
    *,
    template: str,
    context: dict[str, Any],
    to_user: User | None = None,
    to_address: str | None = None,
    language: str | None = None,
    related: models.Model | None = None,
    created_by: User | None = None,
) -> Message:
    """Render ``template`` in the recipient's language and queue it as an e-mail."""
    address = to_address or (to_user.email if to_user else "")
    if not address:
        raise ValidationError(_("The recipient has no e-mail address."))
    lang = _language(language, to_user)
    message = Message.objects.create(
        channel=Channel.EMAIL,
        template=template,
        language=lang,
        to_user=to_user,
        to_address=address,
        subject=" ".join(_render(f"{template}.{lang}.subject.txt", lang, context).split()),
        body=_render(f"{template}.{lang}.body.txt", lang, context),
        created_by=created_by,
        **_related(related),
    )
    _enqueue(message)
    return message


@transaction.atomic
def message_queue_sms(
    *,
    template: str,
    context: dict[str, Any],
    to_user: User | None = None,
    to_number: str | None = None,
    language: str | None = None,
    related: models.Model | None = None,
    created_by: User | None = None,
) -> Message:
    """Render ``template`` as an SMS to a Danish number and queue it."""
    number = normalise_phone_number(to_number or (to_user.phone if to_user else ""))
    lang = _language(language, to_user)
    message = Message.objects.create(
        channel=Channel.SMS,
        template=template,
        language=lang,
        to_user=to_user,
        to_address=number,
        body=_render(f"{template}.{lang}.sms.txt", lang, context),
        created_by=created_by,
        **_related(related),
    )
    _enqueue(message)
    return message


@transaction.atomic
def message_retry(*, message: Message, by: User) -> Message:
    """Staff send a failed message again: a fresh round of attempts starts now."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.status != MessageStatus.FAILED:
        raise ValidationError(_("Only a failed message can be sent again."))
    message.status = MessageStatus.QUEUED
    message.attempts = 0
    message.next_attempt_at = timezone.now()
    message.save(update_fields=["status", "attempts", "next_attempt_at"])
    _enqueue(message)
    return message
