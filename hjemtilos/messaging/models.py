"""The outbox: every e-mail and SMS the system sends, kept with its status."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.fields import EncryptedTextField, actor_field
from hjemtilos.organisations.models import Site


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Message(models.Model):
    """One e-mail or SMS (*besked*), rendered when queued so what was sent is kept exactly.

    The subject and text are encrypted at rest: they may name a child or quote a
    family. ``site`` is the site the message is about (its referral's, friendship's
    or family's); staff see the messages of their own sites only. The
    ``idempotency_key`` goes with every gateway call, so a send repeated after a
    worker died is recognised instead of delivered twice (docs/decisions/0070).
    """

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    template = models.CharField(_("template"), max_length=100)
    language = models.CharField(_("language"), max_length=5)
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages_received",
        verbose_name=_("recipient"),
    )
    # Kept even if the user later changes address: where it actually went.
    to_address = models.CharField(_("address"), max_length=254)
    subject = EncryptedTextField(_("subject"), blank=True)
    body = EncryptedTextField(_("text"))
    site = models.ForeignKey(
        Site,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("site"),
    )
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    sending_started_at = models.DateTimeField(null=True, blank=True)
    # Set just before the message is handed to the SMTP server or SMS gateway and
    # cleared when that call returns or fails: still set on a later attempt, it
    # means a worker died during the hand-over and the outcome is unknown.
    handed_over_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    provider_message_id = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = actor_field()
    # What the message is about (a referral, a friendship...), if anything.
    related_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    related_id = models.CharField(max_length=64, blank=True)
    related = GenericForeignKey("related_type", "related_id")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["-created_at"]),
            models.Index(fields=["related_type", "related_id"]),
            models.Index(fields=["site", "status", "-created_at"]),
        ]

    def __str__(self) -> str:
        # Shown in the audit log, which administrators read: no address, no name.
        return f"{self.get_channel_display()} #{self.pk} ({self.template})"


class DevelopmentSms(models.Model):
    """An SMS the development gateway 'sent': stored so staff can read it in the UI."""

    message = models.ForeignKey(
        Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The gateway keeps one SMS per key, as a real provider honouring the key does.
    idempotency_key = models.UUIDField(unique=True, null=True, editable=False)
    to = models.CharField(_("to"), max_length=20)
    sender = models.CharField(_("sender"), max_length=20)
    body = EncryptedTextField(_("text"))
    created_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("development SMS")
        verbose_name_plural = _("development SMS")

    def __str__(self) -> str:
        return f"SMS #{self.pk}"
