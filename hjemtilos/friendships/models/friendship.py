"""The friendship (*venskab*) itself, its status history, the first meeting and the agreement."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.fields import EncryptedTextField, LimitedTextField, actor_field
from hjemtilos.core.models import StatusEvent, status_fields
from hjemtilos.organisations.models import Site
from hjemtilos.referrals.models import Child, EndReason, Referral
from hjemtilos.volunteers.models import VolunteerFamily, Weekday


class FriendshipStatus(models.TextChoices):
    PLANNED = "planned", _("Planned (before the first meeting)")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    ENDED_EARLY = "ended_early", _("Ended early")


# The families still see each other: before the first meeting and during the year.
FRIENDSHIP_ACTIVE_STATUSES = (FriendshipStatus.PLANNED, FriendshipStatus.RUNNING)


class EndedBy(models.TextChoices):
    CHILD_FAMILY = "child_family", _("The child's family")
    VOLUNTEER_FAMILY = "volunteer_family", _("The volunteer family")
    CHARITY = "charity", _("The charity")


class Friendship(models.Model):
    """A match that became a friendship: weekly visits for a year (*venskab*).

    The year starts with the first solo visit (``started_on``) and ends on its
    anniversary (``anniversary_on``). ``weekday`` and the pickup and drop-off
    fields are the current agreement: they follow the newest
    ``VisitAgreement``. The stability figures are kept by the visit services so
    staff lists can filter on them without reading every visit.
    """

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="friendships")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="friendships")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="friendships")
    family = models.ForeignKey(
        VolunteerFamily, on_delete=models.PROTECT, related_name="friendships"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=FriendshipStatus.choices,
        default=FriendshipStatus.PLANNED,
    )
    first_meeting_on = models.DateField(_("first meeting"), null=True, blank=True)
    # When the first meeting is scheduled for (at the volunteer family's home,
    # with a staff member present); ``first_meeting_on`` is the day it was held.
    first_meeting_at = models.DateTimeField(_("first meeting planned for"), null=True, blank=True)
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_friendships",
        verbose_name=_("contact person"),
    )
    started_on = models.DateField(_("first solo visit"), null=True, blank=True)
    anniversary_on = models.DateField(_("anniversary"), null=True, blank=True)
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=Weekday.choices, null=True, blank=True
    )
    pickup_time = models.TimeField(_("pickup time"), null=True, blank=True)
    pickup_place = models.CharField(_("pickup place"), max_length=200, blank=True)
    dropoff_time = models.TimeField(_("drop-off time"), null=True, blank=True)
    dropoff_place = models.CharField(_("drop-off place"), max_length=200, blank=True)
    # The child's family may turn off the reminder SMS sent the day before a visit.
    parent_reminders = models.BooleanField(
        _("reminder SMS to the parent the day before each visit"), default=True
    )
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    ended_by = models.CharField(_("ended by"), max_length=20, choices=EndedBy.choices, blank=True)
    end_reason_category = models.CharField(
        _("reason"), max_length=30, choices=EndReason.choices, blank=True
    )
    end_reason = EncryptedTextField(_("why it ended"), blank=True)
    child_back_to_matching = models.BooleanField(
        _("the child goes back to matching"), null=True, blank=True
    )
    continues_privately = models.BooleanField(_("continues privately"), null=True, blank=True)
    # When the volunteer family lost access to the child's data in the portal.
    access_ended_at = models.DateTimeField(_("portal access ended"), null=True, blank=True)
    # Stability (kept by ``services.visits.friendship_stability_refresh``).
    visits_held = models.PositiveIntegerField(_("visits held"), default=0)
    visits_cancelled = models.PositiveIntegerField(_("visits cancelled"), default=0)
    visits_moved = models.PositiveIntegerField(_("visits moved"), default=0)
    cancelled_by_child_family = models.PositiveIntegerField(default=0)
    cancelled_by_volunteer_family = models.PositiveIntegerField(default=0)
    last_held_on = models.DateField(_("last visit held"), null=True, blank=True)
    # Cancellations in a row among the visits decided so far (held or cancelled).
    cancelled_in_a_row = models.PositiveSmallIntegerField(default=0)
    # Greetings between the families (docs/decisions/0060-greetings-between-the-families.md).
    # Staff turn relayed feedback on where it does not flow by itself: greetings then
    # go to the contact person first, who passes them on.
    relayed_feedback = models.BooleanField(
        _("greetings go through the contact person"), default=False
    )
    # The parent's consent to photos of the child in greetings; withdrawing it
    # deletes the photos already sent.
    greeting_photo_consent_at = models.DateTimeField(
        _("the parent's consent to photos in greetings"), null=True, blank=True
    )
    greeting_photo_consent_by = actor_field()
    # The feedback clock (kept by the greeting services for the attention list):
    # since when greetings are expected, and when one last reached each family.
    greetings_since = models.DateTimeField(null=True, blank=True)
    last_greeting_to_parent_at = models.DateTimeField(null=True, blank=True)
    last_greeting_to_volunteer_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("friendship")
        verbose_name_plural = _("friendships")
        indexes = [
            models.Index(fields=["site", "status"]),
            models.Index(fields=["status", "anniversary_on"], name="friendship_status_anniv"),
        ]

    def __str__(self) -> str:
        return _("%(child)s with %(family)s") % {"child": self.child, "family": self.family}

    @property
    def is_active(self) -> bool:
        """Planned or running: the families still see each other's practical details."""
        return self.status in FRIENDSHIP_ACTIVE_STATUSES

    def days_to_anniversary(self, today: date) -> int | None:
        if self.anniversary_on is None:
            return None
        return (self.anniversary_on - today).days


class FriendshipEvent(StatusEvent):
    """One status change of a friendship: who, when, from what, to what, and why."""

    friendship = models.ForeignKey(Friendship, on_delete=models.CASCADE, related_name="events")
    from_status, to_status = status_fields(FriendshipStatus)
    reason = LimitedTextField(blank=True)


class FirstMeeting(models.Model):
    """The first meeting (*venskabsmødet*) at the volunteer family's home, staff present."""

    friendship = models.OneToOneField(
        Friendship, on_delete=models.CASCADE, related_name="first_meeting"
    )
    held_on = models.DateField(_("held on"))
    attendees = models.CharField(
        _("who attended"),
        max_length=300,
        help_text=_("e.g. “Emma, her mother Maria, Lars and Mette Jensen and their son”"),
    )
    staff_present = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member present"),
    )
    # How it went between the families may touch on the child's needs.
    notes = EncryptedTextField(_("notes from the meeting"), blank=True)
    recorded_by = actor_field(blank=False)
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("first meeting")
        verbose_name_plural = _("first meetings")

    def __str__(self) -> str:
        return f"{self.friendship_id} {self.held_on}"


class PlaceKind(models.TextChoices):
    SCHOOL = "school", _("School or institution")
    HOME = "home", _("The child's home")
    OTHER = "other", _("Somewhere else")


# What the families agree on for the visits (the agreement's fields the staff's forms edit).
AGREEMENT_FIELDS = (
    "weekday",
    "pickup_time",
    "pickup_kind",
    "pickup_place",
    "dropoff_time",
    "dropoff_kind",
    "dropoff_place",
    "contact_arrangement",
    "food_and_allergies",
    "pets",
    "other",
)


class VisitAgreement(models.Model):
    """One version of the families' practical agreement, from ``valid_from`` on.

    Made at the first meeting and changed whenever the families agree
    something new; every version is kept. The newest version is the one in
    force, and the friendship's weekday and pickup/drop-off fields follow it.
    """

    friendship = models.ForeignKey(Friendship, on_delete=models.CASCADE, related_name="agreements")
    version = models.PositiveSmallIntegerField(_("version"))
    valid_from = models.DateField(_("valid from"))
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    pickup_time = models.TimeField(_("pickup time"))
    pickup_kind = models.CharField(
        _("pickup at"), max_length=10, choices=PlaceKind.choices, default=PlaceKind.SCHOOL
    )
    pickup_place = models.CharField(
        _("pickup place"), max_length=200, help_text=_("e.g. the school's or the SFO's name")
    )
    dropoff_time = models.TimeField(_("drop-off time"))
    dropoff_kind = models.CharField(
        _("drop-off at"), max_length=10, choices=PlaceKind.choices, default=PlaceKind.HOME
    )
    dropoff_place = models.CharField(_("drop-off place"), max_length=200)
    contact_arrangement = models.CharField(
        _("how the families contact each other"),
        max_length=300,
        help_text=_("e.g. “SMS between Mette and Maria; phone if it is urgent”"),
    )
    # Allergies and diets are health data (GDPR Art. 9).
    food_and_allergies = EncryptedTextField(_("food and allergies"), blank=True)
    pets = models.CharField(_("pets"), max_length=200, blank=True)
    other = EncryptedTextField(_("anything else agreed"), blank=True)
    change_reason = models.CharField(_("why it changed"), max_length=300, blank=True)
    created_by = actor_field(blank=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["friendship", "-version"]
        verbose_name = _("visit agreement")
        verbose_name_plural = _("visit agreements")
        constraints = [
            models.UniqueConstraint(
                fields=["friendship", "version"], name="one_agreement_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.friendship_id} v{self.version}"
