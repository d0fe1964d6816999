"""The retention schedule and the ledger of the anonymisation job (docs/retention.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.fields import LimitedTextField
from hjemtilos.privacy import registry


class RetentionRule(models.TextChoices):
    """The periods of the retention schedule; their lengths live in ``RetentionPeriod``."""

    REFERRAL_CLOSED = "referral_closed", _("A referral that never became a friendship")
    FAMILY_NOT_APPROVED = "family_not_approved", _("A volunteer family never approved")
    FRIENDSHIP_ENDED = "friendship_ended", _("A friendship after its end")
    FAMILY_LEFT = "family_left", _("A volunteer family after it left the programme")
    LOGBOOK = "logbook", _("The logbook after the friendship's end")
    SURVEY = "survey", _("Who gave a survey answer")
    MESSAGES = "messages", _("E-mails and SMS in the outbox")
    AUDIT = "audit", _("Audit-log entries")
    SAFEGUARDING = "safeguarding", _("Safeguarding records after the concern closed")


class RetentionPeriod(models.Model):
    """One line of the retention schedule: how long, and why (seeded by migration 0002)."""

    rule = models.CharField(_("record"), max_length=30, choices=RetentionRule.choices, unique=True)
    months = models.PositiveSmallIntegerField(_("months"))
    reason = LimitedTextField(_("why this long"), max_length=1000)
    changed_at = models.DateTimeField(_("changed"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("retention period")
        verbose_name_plural = _("retention schedule")

    def __str__(self) -> str:
        return f"{self.get_rule_display()}: {self.months}"


class RetentionChange(models.Model):
    """A change of a period, with the administrator's reason; never edited."""

    period = models.ForeignKey(RetentionPeriod, on_delete=models.PROTECT, related_name="changes")
    old_months = models.PositiveSmallIntegerField()
    new_months = models.PositiveSmallIntegerField()
    reason = LimitedTextField(_("reason for the change"), max_length=1000)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.period.rule}: {self.old_months} → {self.new_months}"


class RecordState(models.TextChoices):
    ANONYMISED = "anonymised", _("Anonymised")
    HELD = "held", _("Held back")


class RetentionRecord(models.Model):
    """The job's ledger: a subject's record anonymised (so never again), or held back and why."""

    subject = models.CharField(max_length=40)
    object_id = models.BigIntegerField()
    state = models.CharField(max_length=12, choices=RecordState.choices)
    # The site of the record, so staff see their own sites' held-back records only.
    site_id = models.IntegerField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subject", "object_id"], name="retention_record_once")
        ]
        indexes = [models.Index(fields=["state", "site_id"])]

    def __str__(self) -> str:
        return f"{self.subject} #{self.object_id}: {self.state}"

    @property
    def subject_label(self) -> str:
        """What kind of record it is (a child's course, a friendship …), from the registry."""
        return str(registry.subject(self.subject).label)
