"""Volunteer families (*venskabsfamilier*): application, household and vetting status."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.fields import EncryptedTextField
from hjemtilos.organisations.models import PostalCode, Site
from hjemtilos.referrals.models import age_on


class RecruitmentChannel(models.TextChoices):
    """Where the family heard of the programme, so campaigns can be judged."""

    SOCIAL_MEDIA = "social_media", _("Facebook/Instagram")
    AULA = "aula", _("Aula")
    NEWSPAPER = "newspaper", _("Local newspaper")
    WEBSITE = "website", _("The charity's website")
    WORD_OF_MOUTH = "word_of_mouth", _("Word of mouth")
    OTHER = "other", _("Other")


class VolunteerFamilyStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    INTERVIEW_PLANNED = "interview_planned", _("Interview planned")
    INTERVIEWED = "interviewed", _("Interviewed")
    VETTING = "vetting", _("Vetting")
    APPROVED = "approved", _("Approved")
    MATCHED = "matched", _("Matched")
    RESTING = "resting", _("Resting")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REJECTED = "rejected", _("Rejected")


class Transport(models.TextChoices):
    CAR = "car", _("Car")
    BIKE = "bike", _("Bike")
    PUBLIC = "public", _("Public transport")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class VolunteerFamily(models.Model):
    """A household that applies to befriend a child (*venskabsfamilie*)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="volunteer_families")
    name = models.CharField(_("household name"), max_length=150)
    street_address = models.CharField(_("address"), max_length=200)
    postal_code = models.ForeignKey(
        PostalCode, on_delete=models.PROTECT, related_name="+", verbose_name=_("postal code")
    )
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=VolunteerFamilyStatus.choices,
        default=VolunteerFamilyStatus.APPLIED,
    )
    recruitment_channel = models.CharField(
        _("recruitment channel"), max_length=20, choices=RecruitmentChannel.choices
    )
    motivation = models.TextField(_("why we want to be a friendship family"), blank=True)
    activities = models.TextField(_("what we like to do"), blank=True)
    pets = models.CharField(_("pets"), max_length=200, blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    smoking = models.BooleanField(_("smoking in the household"), default=False)
    transport = models.CharField(
        _("transport"), max_length=10, choices=Transport.choices, default=Transport.CAR
    )
    weekdays = models.JSONField(_("weekdays we can offer"), default=list, blank=True)
    child_age_min = models.PositiveSmallIntegerField(_("youngest child we imagine"), default=4)
    child_age_max = models.PositiveSmallIntegerField(_("oldest child we imagine"), default=13)
    cannot_take_on = models.JSONField(_("needs we cannot take on"), default=list, blank=True)
    # The staff's assessment after the home interview may touch on the
    # family's own health and circumstances.
    assessment = EncryptedTextField(_("staff assessment"), blank=True)
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact person"),
    )
    applied_at = models.DateTimeField(_("applied"), default=timezone.now)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status_changed_at = models.DateTimeField(default=timezone.now)
    status_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("volunteer family")
        verbose_name_plural = _("volunteer families")
        indexes = [models.Index(fields=["site", "status"])]

    def __str__(self) -> str:
        return self.name


class HouseholdMember(models.Model):
    """A person living in a volunteer family's home, adult or child."""

    family = models.ForeignKey(VolunteerFamily, on_delete=models.CASCADE, related_name="members")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="household_member",
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"))
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        ordering = ["date_of_birth"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age(self, on: date | None = None) -> int:
        return age_on(self.date_of_birth, on or timezone.localdate())


class FamilyEvent(models.Model):
    """One status change of a volunteer family."""

    family = models.ForeignKey(VolunteerFamily, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=30, choices=VolunteerFamilyStatus.choices, blank=True)
    to_status = models.CharField(max_length=30, choices=VolunteerFamilyStatus.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
