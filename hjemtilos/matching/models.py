"""Matching (*matchning*): proposals of a family for a child, and what the match needs.

The engine itself keeps no state (it reads children and families through
their apps' models); what is stored here is matching's own: each site's
weights, a child's possible weekdays, precise coordinates when a geocoder is
configured, the proposals with both sides' answers, pairs that were declined,
the friendship books (*venskabsbøger*) with their photos, and the waiting
time of every accepted match for the reports.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.expressions import Combinable
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from hjemtilos.core.fields import EncryptedTextField, actor_field
from hjemtilos.core.models import StatusEvent, status_fields
from hjemtilos.friendships.models import Friendship
from hjemtilos.organisations.models import Site
from hjemtilos.referrals.models import Child, Referral
from hjemtilos.volunteers.models import VolunteerFamily

# Weights a site starts with (0–10 each); docs/decisions/0020 explains them.
DEFAULT_WEIGHTS: dict[str, int] = {
    "travel": 3,
    "age_fit": 2,
    "wishes": 3,
    "interests": 1,
    "capacity": 3,
    "waiting": 2,
}
MAX_WEIGHT = 10


class EarlyEndingRule(models.TextChoices):
    """What to do with a family whose earlier friendship with the child or a sibling ended early."""

    BLOCK = "block", _("Do not propose the family (hard constraint)")
    WARN = "warn", _("Propose the family with a warning")


def _weight_field(
    label: StrOrPromise, name: str
) -> models.PositiveSmallIntegerField[float | int | str | Combinable, int]:
    return models.PositiveSmallIntegerField(
        label, default=DEFAULT_WEIGHTS[name], validators=[MaxValueValidator(MAX_WEIGHT)]
    )


class MatchingSettings(models.Model):
    """A site's weights for the soft factors and its rule for earlier early endings.

    The longest travel time is the site's own ``Site.max_travel_minutes``.
    A site without a row uses ``DEFAULT_WEIGHTS``.
    """

    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="matching_settings")
    weight_travel = _weight_field(_("travel time"), "travel")
    weight_age_fit = _weight_field(_("age fit with the family's own children"), "age_fit")
    weight_wishes = _weight_field(_("the child's wishes"), "wishes")
    weight_interests = _weight_field(_("shared interests and languages"), "interests")
    weight_capacity = _weight_field(
        _("the family's capacity against the child's needs"), "capacity"
    )
    weight_waiting = _weight_field(_("waiting time"), "waiting")
    early_ending = models.CharField(
        _("a family whose friendship with the child or a sibling ended early"),
        max_length=10,
        choices=EarlyEndingRule.choices,
        default=EarlyEndingRule.BLOCK,
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = actor_field()

    class Meta:
        verbose_name = _("matching settings")
        verbose_name_plural = _("matching settings")

    def __str__(self) -> str:
        return str(self.site)

    def weights(self) -> dict[str, int]:
        return {name: int(getattr(self, f"weight_{name}")) for name in DEFAULT_WEIGHTS}


def all_school_days() -> list[int]:
    return [0, 1, 2, 3, 4]


class ChildMatchingProfile(models.Model):
    """What matching needs to know of a waiting child beyond the referral: the possible weekdays.

    A child without a profile can be picked up on any school day (Monday to Friday).
    """

    referral = models.OneToOneField(
        Referral, on_delete=models.CASCADE, related_name="matching_profile"
    )
    weekdays = models.JSONField(_("weekdays the child can be picked up"), default=all_school_days)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = actor_field()

    class Meta:
        verbose_name = _("child's matching profile")
        verbose_name_plural = _("children's matching profiles")

    def __str__(self) -> str:
        return str(self.referral)


class FamilyPoolVersion(models.Model):
    """A counter the database raises whenever a row a site's family table is read from changes.

    Kept by PostgreSQL triggers (migration ``0004``) on the volunteer families,
    their household members, the friendships and the geocoded addresses, so
    every committed write counts, ``QuerySet.update`` and bulk writes too.
    ``scope`` is the site's id; scope 0 counts the rows all sites share (the
    geocoded addresses, and any table emptied with TRUNCATE). The matching
    engine keeps a site's table in memory while both its counters are
    unchanged (docs/decisions/0023-family-table-cache.md). Nothing in Python
    writes it.
    """

    scope = models.BigIntegerField(primary_key=True)
    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("family pool version")
        verbose_name_plural = _("family pool versions")

    def __str__(self) -> str:
        return f"{self.scope}: {self.version}"


class GeocodedAddress(models.Model):
    """A precise point for one street address, from the configured geocoder.

    Keyed by the normalised address text (``geo.address_key``); an address
    that changes simply stops matching its old key, so a stale point is never
    used. Unused rows are pruned by the geocoding job.
    """

    key = models.CharField(max_length=300, unique=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    geocoder = models.CharField(max_length=200)
    geocoded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("geocoded address")
        verbose_name_plural = _("geocoded addresses")

    def __str__(self) -> str:
        return self.key


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed: waiting for both answers")
    ACCEPTED = "accepted", _("Accepted by both: friendship books and first meeting")
    FRIENDSHIP = "friendship", _("Became a friendship")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn by staff")


#: A child or a family is in at most one proposal with one of these statuses.
OPEN_STATUSES = (ProposalStatus.PROPOSED, ProposalStatus.ACCEPTED)


class Answer(models.TextChoices):
    PENDING = "", _("Not answered yet")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Side(models.TextChoices):
    PARENT = "parent", _("The child's parent")
    FAMILY = "family", _("The volunteer family")


class DeclinedBy(models.TextChoices):
    PARENT = "parent", _("The child's parent")
    FAMILY = "family", _("The volunteer family")
    STAFF = "staff", _("Staff, when withdrawing the match")


class MatchProposal(models.Model):
    """Staff propose a family for a child (*matchforslag*); both sides answer.

    The database guarantees that a child and a family are each in at most
    one open proposal (partial unique constraints), so two staff members
    proposing at the same moment cannot double-book a family.
    """

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="match_proposals")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="match_proposals")
    # Denormalised from the referral so the constraint can hold per child.
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="match_proposals")
    family = models.ForeignKey(
        VolunteerFamily, on_delete=models.PROTECT, related_name="match_proposals"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    # The engine's view when the proposal was made, kept as it was then.
    score = models.FloatField(_("score"), default=0)
    explanation = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    from_suggestion = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = actor_field(blank=False)
    parent_answer = models.CharField(
        _("the parent's answer"), max_length=10, choices=Answer.choices, blank=True
    )
    parent_answered_at = models.DateTimeField(null=True, blank=True)
    parent_answer_by = actor_field()
    # Why a side said no can touch on the family's situation.
    parent_reason = EncryptedTextField(_("the parent's reason"), blank=True)
    family_answer = models.CharField(
        _("the volunteer family's answer"), max_length=10, choices=Answer.choices, blank=True
    )
    family_answered_at = models.DateTimeField(null=True, blank=True)
    family_answer_by = actor_field()
    family_reason = EncryptedTextField(_("the volunteer family's reason"), blank=True)
    accepted_at = models.DateTimeField(_("accepted by both"), null=True, blank=True)
    books_sent_at = models.DateTimeField(_("friendship books sent"), null=True, blank=True)
    books_sent_by = actor_field()
    first_meeting_at = models.DateTimeField(_("first meeting"), null=True, blank=True)
    first_meeting_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member at the first meeting"),
    )
    friendship = models.ForeignKey(
        Friendship, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = EncryptedTextField(_("reason"), blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("match proposal")
        verbose_name_plural = _("match proposals")
        indexes = [models.Index(fields=["site", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="matching_one_open_proposal_per_child",
            ),
            models.UniqueConstraint(
                fields=["family"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="matching_one_open_proposal_per_family",
            ),
        ]

    def __str__(self) -> str:
        return _("%(child)s with %(family)s") % {"child": self.child, "family": self.family}

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def answer_of(self, side: str) -> str:
        return str(getattr(self, f"{side}_answer"))

    def explanation_lines(self) -> list[dict[str, Any]]:
        """The stored explanation in the current language (English if it is missing)."""
        return [
            {**line, "label": in_language(line.get("label")), "text": in_language(line.get("text"))}
            for line in self.explanation or []
        ]

    def warning_texts(self) -> list[str]:
        found = in_language(self.warnings) if isinstance(self.warnings, dict) else self.warnings
        return list(found or [])


def in_language(value: Any) -> Any:
    """``value[current language]`` for a dict of translations; anything else as it is."""
    if not isinstance(value, dict):
        return value
    language = (get_language() or "da")[:2]
    return value.get(language) or value.get("en") or next(iter(value.values()), "")


class MatchProposalEvent(StatusEvent):
    """One step of a proposal: a status change, or one side's answer (``side``, ``answer``).

    Reasons stay on the proposal (encrypted); the event says what happened
    in the reader's language (``describe``).
    """

    proposal = models.ForeignKey(MatchProposal, on_delete=models.CASCADE, related_name="events")
    from_status, to_status = status_fields(ProposalStatus)
    side = models.CharField(max_length=10, choices=Side.choices, blank=True)
    answer = models.CharField(max_length=10, choices=Answer.choices, blank=True)

    def describe(self) -> str:
        """What happened, in the current language."""
        if self.side:
            said = (
                _("%(side)s said yes") if self.answer == Answer.ACCEPTED else _("%(side)s said no")
            )
            return str(said % {"side": Side(self.side).label})
        return str(ProposalStatus(self.to_status).label)


class DeclinedPair(models.Model):
    """A child and a family that one side said no to: never proposed together again."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    family = models.ForeignKey(VolunteerFamily, on_delete=models.CASCADE, related_name="+")
    proposal = models.ForeignKey(
        MatchProposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    declined_by = models.CharField(_("declined by"), max_length=10, choices=DeclinedBy.choices)
    reason = EncryptedTextField(_("reason"), blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = actor_field(blank=False)

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("declined pair")
        verbose_name_plural = _("declined pairs")
        constraints = [
            models.UniqueConstraint(fields=["child", "family"], name="matching_declined_pair_once")
        ]

    def __str__(self) -> str:
        return f"{self.child} / {self.family}"


class BookKind(models.TextChoices):
    CHILD = "child", _("The child's page")
    FAMILY = "family", _("The family's page")


class FriendshipBook(models.Model):
    """One side's page of the friendship books (*venskabsbøger*) for an accepted match.

    The child tells who they are and what they like (with a photo only if
    the parent consented); the family presents itself with photos, its home,
    pets and what it likes to do. Staff edit both and print them as PDFs.
    """

    proposal = models.ForeignKey(MatchProposal, on_delete=models.CASCADE, related_name="books")
    kind = models.CharField(max_length=10, choices=BookKind.choices)
    about = EncryptedTextField(_("who I am / who we are"), blank=True)
    likes = EncryptedTextField(_("what I like / what we like to do"), blank=True)
    home = EncryptedTextField(_("our home"), blank=True)
    pets = EncryptedTextField(_("our pets"), blank=True)
    # The parent's consent to a photo of the child in the book (child's page only).
    photo_consent_at = models.DateTimeField(_("parent's consent to a photo"), null=True, blank=True)
    photo_consent_by = actor_field()
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = actor_field()
    pdf_made_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("friendship book")
        verbose_name_plural = _("friendship books")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "kind"], name="matching_one_book_per_side")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.proposal_id})"


def photo_upload_to(instance: BookPhoto, filename: str) -> str:
    """A random name under ``matching/books/``: nothing of the upload's own name is kept."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"matching/books/{uuid.uuid4().hex}{suffix}"


class BookPhoto(models.Model):
    """A photo in a friendship book. Served only through ``matching:photo`` (policy-checked)."""

    book = models.ForeignKey(FriendshipBook, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=photo_upload_to, max_length=200)
    content_type = models.CharField(max_length=50)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = actor_field(blank=False)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.caption or f"#{self.pk}"


class MatchWaitingTime(models.Model):
    """How long a child waited: the referral received → the match accepted by both (reports)."""

    proposal = models.OneToOneField(
        MatchProposal, on_delete=models.CASCADE, related_name="waiting_time"
    )
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="+")
    received_at = models.DateTimeField()
    accepted_at = models.DateTimeField()
    days = models.PositiveIntegerField()

    class Meta:
        ordering = ["-accepted_at"]
        verbose_name = _("waiting time")
        verbose_name_plural = _("waiting times")
        indexes = [models.Index(fields=["site", "accepted_at"])]

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.days}"


class SuggestionRunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be computed")
    RUNNING = "running", _("Being computed")
    DONE = "done", _("Computed")
    FAILED = "failed", _("Could not be computed")


#: A run that a task worker has still to finish: at most one per site.
OPEN_RUN_STATUSES = (SuggestionRunStatus.QUEUED, SuggestionRunStatus.RUNNING)


class SuggestionRun(models.Model):
    """A site-wide suggestion as computed at one moment: the optimal and the greedy answer.

    Asked for by staff (``created_at``, ``created_by``) and computed by a task
    worker off the web request (``started_at`` to ``finished_at``); a site has
    at most one run waiting or being computed, so two staff asking at once
    share it. ``rows`` holds one entry per child considered: ``[referral id,
    optimal family id or None, its score, greedy family id or None, its
    score]``. Staff take or leave each row; the page checks each row against
    the current state when it shows it.
    """

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=SuggestionRunStatus.choices, default=SuggestionRunStatus.QUEUED
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = actor_field(blank=False)
    children = models.PositiveIntegerField(default=0)
    families = models.PositiveIntegerField(default=0)
    optimal_pairs = models.PositiveIntegerField(default=0)
    optimal_total = models.FloatField(default=0)
    greedy_pairs = models.PositiveIntegerField(default=0)
    greedy_total = models.FloatField(default=0)
    seconds = models.FloatField(default=0)
    rows = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"
        constraints = [
            models.UniqueConstraint(
                fields=["site"],
                condition=models.Q(status__in=OPEN_RUN_STATUSES),
                name="one_open_suggestion_run_per_site",
            )
        ]
        verbose_name = _("site-wide suggestion")
        verbose_name_plural = _("site-wide suggestions")

    def __str__(self) -> str:
        return f"{self.site} {self.created_at:%Y-%m-%d %H:%M}"
