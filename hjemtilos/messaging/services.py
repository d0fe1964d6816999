"""Queueing messages. Rendering happens here, sending in ``tasks.send_message``."""

from __future__ import annotations

import functools
import logging
from collections.abc import Collection, Iterable
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
from hjemtilos.messaging.recipients import Reach, Recipient, channels_for
from hjemtilos.messaging.tasks import send_message
from hjemtilos.organisations.models import Site
from hjemtilos.privacy.selectors import sms_refused_keys

logger = logging.getLogger(__name__)

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


@functools.cache  # a model's fields do not change while the process runs
def site_path(model: type[models.Model], depth: int = 2) -> str | None:
    """The attribute path from ``model`` to its site's id: ``site_id`` on a referral,
    friendship or volunteer family, ``friendship.site_id`` on a visit or a concern;
    None when no site is within ``depth`` foreign keys."""
    fields = {
        f.name: f
        for f in model._meta.get_fields()
        if f.many_to_one and isinstance(f, models.ForeignKey)
    }
    site = fields.get("site")
    if site is not None and site.related_model is Site:
        return "site_id"
    if depth == 0:
        return None
    # The nearest site, through a link that is always there: a visit's site is its
    # friendship's, not its (nullable) agreement's friendship's, which left a reminder
    # about a visit without an agreement out of every site's outbox.
    paths = []
    for name, field in fields.items():
        related_model = field.related_model
        if isinstance(related_model, type):
            inner = site_path(related_model, depth - 1)
            if inner is not None:
                paths.append((inner.count("."), field.null, name, f"{name}.{inner}"))
    return min(paths)[-1] if paths else None


def _site_id(related: models.Model | None, site: Site | None) -> int | None:
    """The site a message belongs to: the one given, else the site of what it is about."""
    if site is not None:
        return site.pk
    if related is None:
        return None
    path = site_path(type(related))
    value: Any = related
    for part in (path or "").split("."):
        if not part or value is None:
            return None
        value = getattr(value, part)
    return int(value) if value is not None else None


def _related(related: models.Model | None, site: Site | None) -> dict[str, Any]:
    if related is None:
        return {"site_id": _site_id(None, site)}
    return {
        "related_type": ContentType.objects.get_for_model(related),
        "related_id": str(related.pk),
        "site_id": _site_id(related, site),
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
    site: Site | None = None,
    created_by: User | None = None,
) -> Message:
    """Render ``template`` in the recipient's language and queue it as an e-mail.

    The message belongs to ``site``, or else to the site of ``related`` (what it
    is about); staff of that site see it in the outbox.
    """
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
        **_related(related, site),
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
    site: Site | None = None,
    created_by: User | None = None,
) -> Message:
    """Render ``template`` as an SMS to a Danish number and queue it (site as for e-mail)."""
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
        **_related(related, site),
    )
    _enqueue(message)
    return message


@transaction.atomic
def message_queue_to_people(
    people: Iterable[Recipient],
    *,
    template: str,
    context: dict[str, Any],
    reach: Reach,
    related: models.Model | None = None,
    site: Site | None = None,
    created_by: User | None = None,
    sms_refused: Collection[str] | None = None,
) -> list[Message]:
    """Queue ``template`` to each person on the channels ``channels_for`` picks.

    The person's first name is added to ``context``. A person who cannot be
    reached (no e-mail address, no usable phone number) is skipped and the
    skip is logged: the change that caused the message is never held up. A person
    who withdrew their consent to SMS gets none (one query for everyone given, or
    none when a batch caller passes ``sms_refused``, the keys it asked
    ``privacy.selectors.sms_refused_keys`` about for all its people at once).
    """
    queued = []
    people = list(people)
    if sms_refused is None:
        sms_refused = sms_refused_keys(person.key for person in people)
    for person in people:
        channels = channels_for(
            person, template=template, reach=reach, sms_allowed=person.key not in sms_refused
        )
        if not channels:
            logger.warning("%s: a recipient with no usable address was skipped", template)
        for channel in channels:
            message: dict[str, Any] = {
                "template": template,
                "context": {**context, "first_name": person.first_name},
                "to_user": person.user,
                "language": person.language,
                "related": related,
                "site": site,
                "created_by": created_by,
            }
            if channel == Channel.SMS:
                queued.append(message_queue_sms(to_number=person.phone, **message))
            else:
                queued.append(message_queue_email(to_address=person.email, **message))
    return queued


def _requeue(message: Message) -> None:
    message.status = MessageStatus.QUEUED
    message.attempts = 0
    message.next_attempt_at = timezone.now()
    # Staff decided to send it again, knowing an interrupted hand-over may
    # have reached the person (the detail page says so).
    message.handed_over_at = None
    message.save(update_fields=["status", "attempts", "next_attempt_at", "handed_over_at"])
    _enqueue(message)


@transaction.atomic
def message_retry(*, message: Message, by: User) -> Message:
    """Staff send a failed message again: a fresh round of attempts starts now."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.status != MessageStatus.FAILED:
        raise ValidationError(_("Only a failed message can be sent again."))
    _requeue(message)
    logger.info("Message %s queued again by user %s", message.pk, by.pk)
    return message


@transaction.atomic
def messages_retry_failed(*, messages: models.QuerySet[Message], by: User) -> int:
    """Send every failed message of ``messages`` (the caller's visible ones) again."""
    failed = list(messages.filter(status=MessageStatus.FAILED).select_for_update())
    for message in failed:
        _requeue(message)
    logger.info("%s failed messages queued again by user %s", len(failed), by.pk)
    return len(failed)
