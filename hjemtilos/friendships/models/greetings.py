"""Greetings between the two families (*hilsner*): a few lines and photos after a visit.

The volunteer family sends the parent a short greeting (with up to three
photos where the parent has agreed to photos); the parent replies with a
thank-you or a note. Greetings belong to the year: they are deleted, photos
and files too, when the friendship ends (docs/decisions/0060-greetings-between-the-families.md).
The logbook stays the staff's; a greeting is what the other family reads.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.fields import EncryptedTextField, actor_field
from hjemtilos.friendships.models.friendship import Friendship
from hjemtilos.friendships.models.visits import Side, Visit

#: "A few lines": the longest greeting or reply.
GREETING_MAX_LENGTH = 1000
#: Photos in one greeting.
GREETING_MAX_PHOTOS = 3


class Greeting(models.Model):
    """One greeting from one family to the other, or feedback staff passed on by phone.

    With relayed feedback on (``Friendship.relayed_feedback``) the greeting
    waits for the contact person, who passes it on in their own words or in
    the parent's language (``passed_on_text``); ``delivered_at`` is when it
    reached the other family. A greeting staff passed on by phone
    (``by_phone``) is a record for staff and is not shown in the portal.
    """

    friendship = models.ForeignKey(Friendship, on_delete=models.CASCADE, related_name="greetings")
    from_side = models.CharField(_("from"), max_length=20, choices=Side.choices)
    visit = models.ForeignKey(
        Visit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("about the visit"),
    )
    reply_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replies"
    )
    # What a child did and said can touch on health and family matters.
    text = EncryptedTextField(_("greeting"))
    written_by = actor_field(blank=False)
    written_at = models.DateTimeField(_("written"), default=timezone.now)
    by_phone = models.BooleanField(_("passed on by phone"), default=False)
    via_contact_person = models.BooleanField(_("through the contact person"), default=False)
    passed_on_text = EncryptedTextField(_("as passed on"), blank=True)
    passed_on_at = models.DateTimeField(_("passed on"), null=True, blank=True)
    passed_on_by = actor_field()
    delivered_at = models.DateTimeField(_("reached the other family"), null=True, blank=True)

    class Meta:
        ordering = ["-written_at", "-id"]
        verbose_name = _("greeting")
        verbose_name_plural = _("greetings")
        indexes = [
            models.Index(fields=["friendship", "-written_at"]),
            models.Index(
                fields=["written_at"],
                condition=models.Q(via_contact_person=True, delivered_at__isnull=True),
                name="greeting_waiting_for_relay",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.friendship_id} {self.from_side} {self.written_at:%Y-%m-%d}"

    @property
    def is_waiting(self) -> bool:
        """Waiting for the contact person to pass it on."""
        return self.via_contact_person and self.delivered_at is None

    @property
    def received_text(self) -> str:
        """What the other family reads: the contact person's words when it was relayed."""
        return self.passed_on_text or self.text


def greeting_photo_upload_to(instance: GreetingPhoto, filename: str) -> str:
    """A random name under ``friendships/greetings/``: nothing of the upload's name is kept."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"friendships/greetings/{uuid.uuid4().hex}{suffix}"


class GreetingPhoto(models.Model):
    """A photo in a greeting, served only by ``friendships:greeting_photo`` (policy-checked)."""

    greeting = models.ForeignKey(Greeting, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=greeting_photo_upload_to, max_length=200)
    content_type = models.CharField(max_length=50)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["greeting", "id"]
        verbose_name = _("greeting photo")
        verbose_name_plural = _("greeting photos")

    def __str__(self) -> str:
        return f"#{self.pk}"
