"""Friendships (*venskaber*): one child, one volunteer family, one year of weekly visits."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.fields import EncryptedTextField
from hjemtilos.organisations.models import Site
from hjemtilos.referrals.models import Child, Referral
from hjemtilos.volunteers.models import VolunteerFamily, Weekday


class FriendshipStatus(models.TextChoices):
    PLANNED = "planned", _("Planned (before the first meeting)")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    ENDED_EARLY = "ended_early", _("Ended early")


class EndedBy(models.TextChoices):
    CHILD_FAMILY = "child_family", _("The child's family")
    VOLUNTEER_FAMILY = "volunteer_family", _("The volunteer family")
    CHARITY = "charity", _("The charity")


class Friendship(models.Model):
    """A match that became a friendship: weekly visits for a year (*venskab*)."""

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
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=Weekday.choices, null=True, blank=True
    )
    pickup_time = models.TimeField(_("pickup time"), null=True, blank=True)
    pickup_place = models.CharField(_("pickup place"), max_length=200, blank=True)
    dropoff_time = models.TimeField(_("drop-off time"), null=True, blank=True)
    dropoff_place = models.CharField(_("drop-off place"), max_length=200, blank=True)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    ended_by = models.CharField(_("ended by"), max_length=20, choices=EndedBy.choices, blank=True)
    end_reason = EncryptedTextField(_("why it ended"), blank=True)
    continues_privately = models.BooleanField(_("continues privately"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("friendship")
        verbose_name_plural = _("friendships")
        indexes = [models.Index(fields=["site", "status"])]

    def __str__(self) -> str:
        return _("%(child)s with %(family)s") % {"child": self.child, "family": self.family}


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED_BY_CHILD_FAMILY = "cancelled_child", _("Cancelled by the child's family")
    CANCELLED_BY_VOLUNTEER = "cancelled_volunteer", _("Cancelled by the volunteer family")


class Visit(models.Model):
    """One weekly visit (*samvær*) of the child at the volunteer family."""

    friendship = models.ForeignKey(Friendship, on_delete=models.CASCADE, related_name="visits")
    date = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=20, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [models.Index(fields=["friendship", "-date"])]

    def __str__(self) -> str:
        return f"{self.friendship_id} {self.date}"


class LogbookEntry(models.Model):
    """The volunteer family's note after a visit (*logbog*), screened weekly by staff."""

    friendship = models.ForeignKey(
        Friendship, on_delete=models.CASCADE, related_name="logbook_entries"
    )
    visit = models.OneToOneField(
        Visit, on_delete=models.SET_NULL, null=True, blank=True, related_name="logbook_entry"
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    written_at = models.DateTimeField(_("written"), default=timezone.now)
    # What the child did and said can reveal health and family matters.
    text = EncryptedTextField(_("how the visit went"))
    needs_follow_up = models.BooleanField(_("staff should follow up"), default=False)
    screened_at = models.DateTimeField(_("screened"), null=True, blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-written_at"]
        verbose_name = _("logbook entry")
        verbose_name_plural = _("logbook entries")
        indexes = [
            models.Index(fields=["friendship", "-written_at"]),
            models.Index(fields=["screened_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.friendship_id} {self.written_at:%Y-%m-%d}"
