"""Organisations: municipalities, postal districts, sites and staff memberships."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.dates import ADULT_AGE
from hjemtilos.core.fields import actor_field

# The programme's child age band (SPEC 2: children aged 4–13). A site may set its own band;
# volunteer families say which ages within it they imagine.
CHILD_AGE_MIN = 4
CHILD_AGE_MAX = 13
# Ages a site's band may take: a child is under ``ADULT_AGE``.
CHILD_AGES = [MinValueValidator(0), MaxValueValidator(ADULT_AGE - 1)]


class Municipality(models.Model):
    """A Danish municipality (*kommune*) with its official code.

    The code, name and region are reference data (loaded by migration); the
    contact details for notifications (*underretninger*) about a child are
    kept by administrators (``services.municipality_contact_update``).
    """

    code = models.PositiveSmallIntegerField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.CharField(_("region"), max_length=100)
    notification_email = models.EmailField(
        _("e-mail address for notifications"),
        blank=True,
        help_text=_(
            "Where a notification about a child (underretning) is sent: the municipality's "
            "secure address for notifications."
        ),
    )
    children_services_phone = models.CharField(
        _("phone of the children and families services"),
        max_length=20,
        blank=True,
        help_text=_("Shown to the charity's staff in an acute case during office hours."),
    )
    contact_updated_at = models.DateTimeField(null=True, blank=True)
    contact_updated_by = actor_field()

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class PostalCode(models.Model):
    """A postal district (*postnummer*) with a representative point for distances."""

    code = models.CharField(_("postal code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100)
    latitude = models.FloatField()
    longitude = models.FloatField()
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="postal_codes"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("postal code")
        verbose_name_plural = _("postal codes")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Site(models.Model):
    """One partnership between the charity and a municipality (*lokalafdeling/site*).

    Settings here are the site's own: eligible child ages, how often group
    supervision is held, and the yearly programme targets.
    """

    name = models.CharField(_("name"), max_length=150, unique=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="sites",
        verbose_name=_("municipality"),
    )
    child_min_age = models.PositiveSmallIntegerField(
        _("youngest eligible child age"),
        default=CHILD_AGE_MIN,
        validators=CHILD_AGES,
    )
    child_max_age = models.PositiveSmallIntegerField(
        _("oldest eligible child age"),
        default=CHILD_AGE_MAX,
        validators=CHILD_AGES,
    )
    supervision_interval_months = models.PositiveSmallIntegerField(
        _("group supervision every (months)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    max_travel_minutes = models.PositiveSmallIntegerField(
        _("longest travel time for a match (minutes)"), default=30
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(child_min_age__lte=models.F("child_max_age")),
                name="site_age_band_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.child_min_age > self.child_max_age:
            raise ValidationError(
                {"child_max_age": _("The oldest age must be at least the youngest age.")}
            )


class SiteTarget(models.Model):
    """Programme targets for one site and year (e.g. friendships started)."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))
    friendships_started = models.PositiveSmallIntegerField(_("friendships to start"), default=0)
    families_approved = models.PositiveSmallIntegerField(_("families to approve"), default=0)

    class Meta:
        ordering = ["site", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["site", "year"], name="one_target_per_site_year")
        ]
        verbose_name = _("programme target")
        verbose_name_plural = _("programme targets")

    def __str__(self) -> str:
        return f"{self.site} {self.year}"


class SiteMembership(models.Model):
    """A staff member's work at a site; ``is_lead`` marks the project lead."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="site_memberships"
    )
    is_lead = models.BooleanField(_("project lead"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "user"], name="one_membership_per_site_user")
        ]
        verbose_name = _("site membership")
        verbose_name_plural = _("site memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.site}"
