"""Weekly visits, the site's school holidays and the personal calendar feeds."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.fields import EncryptedTextField, actor_field
from hjemtilos.core.models import HashedToken
from hjemtilos.friendships.models.friendship import Friendship, VisitAgreement
from hjemtilos.organisations.models import Site


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED_BY_CHILD_FAMILY = "cancelled_child", _("Cancelled by the child's family")
    CANCELLED_BY_VOLUNTEER = "cancelled_volunteer", _("Cancelled by the volunteer family")


CANCELLED_STATUSES = (VisitStatus.CANCELLED_BY_CHILD_FAMILY, VisitStatus.CANCELLED_BY_VOLUNTEER)


class Side(models.TextChoices):
    """The two families of a friendship."""

    CHILD_FAMILY = "child_family", _("The child's family")
    VOLUNTEER_FAMILY = "volunteer_family", _("The volunteer family")


CANCELLED_STATUS_BY_SIDE = {
    Side.CHILD_FAMILY: VisitStatus.CANCELLED_BY_CHILD_FAMILY,
    Side.VOLUNTEER_FAMILY: VisitStatus.CANCELLED_BY_VOLUNTEER,
}


class CancelReason(models.TextChoices):
    ILLNESS = "illness", _("Illness")
    OTHER_PLANS = "other_plans", _("Other plans")
    HOLIDAY = "holiday", _("Holiday")
    CHILD_NOT_READY = "child_not_ready", _("The child did not feel up to it")
    OTHER = "other", _("Other")


class HolidayKind(models.TextChoices):
    PUBLIC = "public", _("Public holiday")
    SCHOOL = "school", _("School holiday")


class Visit(models.Model):
    """One weekly visit (*samvær*) of the child at the volunteer family.

    Generated for the whole year from the agreement. A visit that falls on a
    holiday carries the holiday's name until a family decides to keep it (or
    cancels it); it is never dropped on its own. A moved visit keeps the date
    it was first planned for in ``original_date``.
    """

    friendship = models.ForeignKey(Friendship, on_delete=models.CASCADE, related_name="visits")
    date = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=20, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    agreement = models.ForeignKey(
        VisitAgreement, on_delete=models.SET_NULL, null=True, blank=True, related_name="visits"
    )
    pickup_time = models.TimeField(_("pickup time"), null=True, blank=True)
    dropoff_time = models.TimeField(_("drop-off time"), null=True, blank=True)
    holiday_name = models.CharField(_("holiday"), max_length=100, blank=True)
    holiday_kind = models.CharField(max_length=10, choices=HolidayKind.choices, blank=True)
    holiday_kept_at = models.DateTimeField(_("kept despite the holiday"), null=True, blank=True)
    holiday_kept_by = actor_field()
    original_date = models.DateField(_("moved from"), null=True, blank=True)
    moved_at = models.DateTimeField(null=True, blank=True)
    moved_by = actor_field()
    moved_side = models.CharField(max_length=20, choices=Side.choices, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = actor_field()
    cancel_reason = models.CharField(
        _("reason"), max_length=20, choices=CancelReason.choices, blank=True
    )
    # "She has a fever", "we are at the hospital": may be health data.
    cancel_note = EncryptedTextField(_("note"), blank=True)
    # Hours between the cancellation and the agreed pickup (negative: after it).
    notice_hours = models.IntegerField(_("notice (hours)"), null=True, blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    held_marked_by = actor_field()
    # Set by the reminder job with a conditional update: one reminder per visit.
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [
            models.Index(fields=["friendship", "-date"]),
            models.Index(fields=["date", "status"], name="visit_date_status"),
            # The reports' visits nobody has recorded: past planned ones are few among the
            # year of planned visits ahead.
            models.Index(
                fields=["date"],
                condition=models.Q(status="planned"),
                name="visit_planned_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.friendship_id} {self.date}"

    @property
    def is_cancelled(self) -> bool:
        return self.status in CANCELLED_STATUSES

    @property
    def needs_holiday_decision(self) -> bool:
        return (
            bool(self.holiday_name)
            and self.status == VisitStatus.PLANNED
            and self.holiday_kept_at is None
        )

    @property
    def notice_days(self) -> int | None:
        return None if self.notice_hours is None else self.notice_hours // 24

    @property
    def cancelled_side(self) -> str:
        if self.status == VisitStatus.CANCELLED_BY_CHILD_FAMILY:
            return Side.CHILD_FAMILY
        if self.status == VisitStatus.CANCELLED_BY_VOLUNTEER:
            return Side.VOLUNTEER_FAMILY
        return ""


class SchoolHoliday(models.Model):
    """A school holiday period at a site (*skoleferie*), edited by staff.

    The ``holidays`` library knows Denmark's public holidays but not the
    municipalities' school holidays, so each site keeps its own
    (docs/decisions/0030-holidays.md).
    """

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="school_holidays")
    name = models.CharField(_("name"), max_length=100, help_text=_("e.g. “Vinterferie”"))
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    created_by = actor_field()

    class Meta:
        ordering = ["site", "starts_on"]
        verbose_name = _("school holiday")
        verbose_name_plural = _("school holidays")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__lte=models.F("ends_on")),
                name="school_holiday_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.starts_on}–{self.ends_on}"


class CalendarFeed(HashedToken):
    """A personal iCalendar feed of upcoming visits, behind a secret URL.

    Only the hash of the secret is stored; the URL is shown once when made.
    Revoking it (or making a new one) makes the old URL answer 404.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"Calendar feed {self.pk} of {self.user_id}"
