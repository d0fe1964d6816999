"""Bookkeeping for scheduled jobs, the shape every lifecycle's event table shares, the
people case records name, and rows found by a secret token."""

from __future__ import annotations

import hashlib
import secrets
from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.fields import actor_field

# Long enough for every lifecycle's status values; one length keeps the event tables alike.
STATUS_MAX_LENGTH = 30


class ScheduledRun(models.Model):
    """One run of a scheduled job for one period (a day, or a slot of minutes).

    The unique constraint is the lock: when schedulers on several machines
    reach the same job at the same time, one insert wins and the others skip.
    """

    job_name = models.CharField(max_length=100)
    run_key = models.CharField(max_length=40)
    enqueued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job_name", "run_key"], name="one_run_per_job_period")
        ]
        indexes = [models.Index(fields=["enqueued_at"])]

    def __str__(self) -> str:
        return f"{self.job_name} {self.run_key}"


class WorkerHeartbeat(models.Model):
    """A task worker's sign of life, written every few seconds while it runs tasks.

    A task left "running" by a worker whose heartbeat has stopped (killed,
    machine lost) is handed to another worker (``core.workers``).
    """

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}:{self.pid})"


def status_fields(
    statuses: type[models.TextChoices],
) -> tuple[models.CharField[str, str], models.CharField[str, str]]:
    """``from_status`` (blank for the first event) and ``to_status`` of one lifecycle::

    from_status, to_status = status_fields(ReferralStatus)
    """
    return (
        models.CharField(max_length=STATUS_MAX_LENGTH, choices=statuses.choices, blank=True),
        models.CharField(max_length=STATUS_MAX_LENGTH, choices=statuses.choices),
    )


class StatusEvent(models.Model):
    """One step of an object's lifecycle: from what, to what, when and by whom.

    The table shape of every lifecycle (referral, volunteer family, friendship,
    concern, match proposal). A subclass adds the foreign key to its object
    (``related_name="events"``), its statuses with ``status_fields`` and what
    else its steps carry (a reason, an encrypted note, one side's answer).
    ``core.services.status_event_record`` writes the rows.
    """

    at = models.DateTimeField(default=timezone.now)
    by = actor_field(blank=False)
    # Declared by each subclass with its own choices (``status_fields``).
    from_status: str
    to_status: str

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class Person(models.Model):
    """Someone a case record names: a child, a parent, a member of a volunteer family's home.

    A first and a last name identify them on every page, never a CPR number
    (SPEC 2); a subclass adds what else it knows (a date of birth, contact
    details, the family it belongs to).
    """

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class InvitablePerson(Person):
    """A person who may be invited to a portal (a parent, a member of a volunteer family's
    household): reached by phone or e-mail, with their own account once invited.

    Each subclass declares that account as ``user = own_account_field(...)``
    (``core.fields``), for its own reverse accessor.
    """

    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        abstract = True


class HashedToken(models.Model):
    """A row found by a secret its holder has: an invitation link, a calendar feed's
    address, an API key.

    Only a SHA-256 hash of the secret is stored; the secret itself is sent or
    shown once, so a copy of the database opens nothing. A lookup hashes what
    it is given (``hash``) and filters on ``token_hash``.
    """

    token_hash = models.CharField(max_length=64, unique=True)
    #: Put before every new secret, so a leaked one is recognisable (an API key's ``hto_``).
    token_prefix: ClassVar[str] = ""

    class Meta:
        abstract = True

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def new_secret(cls) -> str:
        """A fresh secret: 32 random bytes, URL-safe, after ``token_prefix``."""
        return cls.token_prefix + secrets.token_urlsafe(32)

    @classmethod
    def new_token(cls) -> tuple[str, str]:
        """A fresh secret and its hash: the one to send, the other to store."""
        token = cls.new_secret()
        return token, cls.hash(token)
