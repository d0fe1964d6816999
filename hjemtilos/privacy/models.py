"""The privacy app's records: the retention schedule and the ledger of the anonymisation
job (docs/retention.md); the data subjects' rights, consents given and withdrawn, and
requests under GDPR Art. 15-17.

A person is named by a key the owning app gives them (``guardian-12``,
``member-5``, ``child-3``: the same key ``messaging.recipients.Recipient.key``
carries), so this low layer records rights about people it does not know the
models of (docs/privacy-rights.md).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.fields import (
    EncryptedTextField,
    LimitedTextField,
    accountable_field,
    actor_field,
)
from hjemtilos.core.models import StatusEvent, status_fields
from hjemtilos.organisations.models import Site
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
    changed_by = accountable_field(optional=True)

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
    changed_by = accountable_field()
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


#: GDPR Art. 12(3): a request is answered within one month; we keep to 30 days.
RESPONSE_DAYS = 30


class ConsentKind(models.TextChoices):
    REFERRAL = "referral", _("The referral to Hjem til Os")
    SHARING = "sharing", _("Sharing necessary information with a volunteer family")
    BOOK_PHOTO = "book_photo", _("A photo of the child in the friendship book")
    GREETING_PHOTOS = "greeting_photos", _("Photos of the child in greetings")
    SURVEY = "survey", _("Taking part in the evaluation's survey")
    SMS = "sms", _("Messages by SMS")


class ConsentMethod(models.TextChoices):
    PAPER = "paper", _("On paper")
    FORM = "form", _("In the enrollment form, with the caseworker")
    PORTAL = "portal", _("In the portal")
    PHONE = "phone", _("By phone")
    IN_PERSON = "in_person", _("In person")
    LINK = "link", _("Through the survey link")
    #: Consents recorded before the method was kept (migrated rows).
    UNKNOWN = "unknown", _("Not recorded")


class Consent(models.Model):
    """One consent a person gave, and its withdrawal.

    The owning app keeps the consent's effect on its own record (the referral's
    ``sharing_consent_recorded_at``, a book's photo consent); this row is the
    evidence: who, when, how, on which wording. Withdrawing runs the effect the
    owning app registered (``privacy.consents``) in the same transaction.
    """

    kind = models.CharField(_("consent to"), max_length=20, choices=ConsentKind.choices)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    person_key = models.CharField(_("person"), max_length=40, db_index=True)
    person_name = models.CharField(_("given by"), max_length=200)
    # What the consent covers: ``referral-3``, ``friendship-7``, ``book-4``, or the person.
    scope_key = models.CharField(_("covers"), max_length=40)
    scope_label = models.CharField(_("covers"), max_length=200, blank=True)
    wording_version = models.CharField(_("wording version"), max_length=40, blank=True)
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    given_method = models.CharField(_("how"), max_length=20, choices=ConsentMethod.choices)
    recorded_by = actor_field()
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_method = models.CharField(
        _("withdrawn how"), max_length=20, choices=ConsentMethod.choices, blank=True
    )
    withdrawn_by = actor_field()
    withdrawal_note = LimitedTextField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-id"]
        indexes = [models.Index(fields=["person_key", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.person_key})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Access (GDPR art. 15)")
    RECTIFICATION = "rectification", _("Rectification (GDPR art. 16)")
    ERASURE = "erasure", _("Erasure (GDPR art. 17)")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    DECIDED = "decided", _("Decided")
    DONE = "done", _("Done")


class RequestDecision(models.TextChoices):
    GRANTED = "granted", _("Granted")
    PARTLY = "partly", _("Partly granted")
    REFUSED = "refused", _("Refused")


class RightsRequest(models.Model):
    """A person's request for access, rectification or erasure, and its answer."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("request"), max_length=20, choices=RequestKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    subject_key = models.CharField(_("person"), max_length=40, db_index=True)
    subject_name = models.CharField(_("person"), max_length=200)
    received_on = models.DateField(_("received"))
    due_on = models.DateField(_("answer by"))
    requested_by = models.CharField(
        _("who asked"),
        max_length=200,
        help_text=_("The person themselves, or who asked on their behalf."),
    )
    identity_check = models.CharField(
        _("how the identity was checked"),
        max_length=300,
        help_text=_("E.g. known phone number called back, MitID, in person with ID."),
    )
    details = EncryptedTextField(_("what was asked"), max_length=2000, blank=True)
    decision = models.CharField(
        _("decision"), max_length=20, choices=RequestDecision.choices, blank=True
    )
    decision_reason = EncryptedTextField(_("reason"), max_length=2000, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = actor_field()
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    delivered_how = models.CharField(_("answered how"), max_length=300, blank=True)
    export_made_at = models.DateTimeField(_("export made"), null=True, blank=True)
    recorded_by = actor_field(blank=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("data subject request")
        verbose_name_plural = _("data subject requests")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["site", "status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_overdue(self) -> bool:
        return self.status != RequestStatus.DONE and self.due_on < timezone.localdate()


class RightsRequestEvent(StatusEvent):
    """One step of a request: received, decided (with the decision), done."""

    request = models.ForeignKey(RightsRequest, on_delete=models.CASCADE, related_name="events")
    from_status, to_status = status_fields(RequestStatus)
    note = EncryptedTextField(_("note"), max_length=2000, blank=True)
