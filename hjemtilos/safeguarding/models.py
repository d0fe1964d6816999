"""Safeguarding (*børnebeskyttelse*): concerns about a child and requests from professionals.

A concern (SPEC 5) is raised from a logbook entry, by the volunteer family
in the portal, or by staff after a call or a professional's contact. It is
stored encrypted and seen only by the advisory team and the staff on the
case (``policies``). The advisory team records a structured assessment
(``ConcernAssessment``), the talk with the volunteer family and the
parents' involvement, and may send a notification to the child's
municipality (``Notification``, with the PDF that went out). Every step is
a line of the timeline (``ConcernEvent``) with its author and time;
corrections are new lines. Tasks for the advisory team as a whole
(``AdvisoryTask``) and the team's lead (``AdvisoryLead``) live here too.

Requests from professionals (a municipality, a school, a lawyer) for more
involvement of the volunteer family are inquiries: routed through the
charity, never straight to the family.
"""

from __future__ import annotations

import base64

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.fields import EncryptedTextField, accountable_field, actor_field
from hjemtilos.core.models import StatusEvent, status_fields

# What happened, what is known and why: generous, but bounded (a pasted book is refused).
LONG_TEXT = 8000
# The notification's account of the talk with the family and the parents, composed from
# two recorded notes and the sentences around them.
INVOLVEMENT_TEXT = 2 * LONG_TEXT + 1000
# The sent PDF in base64 (a letter of a few pages; the bound is far above any real one).
DOCUMENT_TEXT = 20_000_000


class ConcernSource(models.TextChoices):
    LOGBOOK = "logbook", _("A logbook entry")
    PORTAL = "portal", _("The volunteer family, in the portal")
    PHONE = "phone", _("A phone call to staff")
    STAFF = "staff", _("Staff's own observation")
    PROFESSIONAL = "professional", _("A professional (school, institution, municipality)")


class Severity(models.IntegerChoices):
    """How serious a concern is: the reporter's first judgement, then the advisory team's.

    An integer so that the advisory team's queue sorts on it (most serious first).
    """

    LOW = 1, _("Low")
    MODERATE = 2, _("Moderate")
    HIGH = 3, _("High")
    ACUTE = 4, _("Acute: the child may be in danger now")


class ConcernStatus(models.TextChoices):
    """Where a concern stands (``services.CONCERN_WORKFLOW`` holds the allowed moves)."""

    RAISED = "raised", _("Awaiting assessment")
    WITH_ADVISORY = "with_advisory", _("Being assessed by the advisory team")
    FOLLOW_UP = "follow_up", _("Follow-up in the friendship")
    NOTIFYING = "notifying", _("Notification to the municipality being prepared")
    NOTIFIED = "notified", _("Notification sent; awaiting the municipality's acknowledgement")
    NOTIFICATION_ACKNOWLEDGED = (
        "notification_acknowledged",
        _("Notification acknowledged by the municipality"),
    )
    CLOSED = "closed", _("Closed")


# A concern in these statuses is still being handled (the advisory team's queue).
CONCERN_OPEN_STATUSES = tuple(s for s in ConcernStatus.values if s != ConcernStatus.CLOSED)
# Statuses in which the advisory team may record an assessment (not while a notification
# awaits the municipality's acknowledgement, nor once closed: reopen it first).
ASSESSABLE_STATUSES = frozenset(
    {
        ConcernStatus.RAISED,
        ConcernStatus.WITH_ADVISORY,
        ConcernStatus.FOLLOW_UP,
        ConcernStatus.NOTIFYING,
        ConcernStatus.NOTIFICATION_ACKNOWLEDGED,
    }
)


class Concern(models.Model):
    """A concern about a child's well-being (*bekymring*), with who saw what and when."""

    friendship = models.ForeignKey(
        "friendships.Friendship", on_delete=models.PROTECT, related_name="concerns"
    )
    source = models.CharField(_("raised through"), max_length=15, choices=ConcernSource.choices)
    logbook_entry = models.ForeignKey(
        "friendships.LogbookEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concerns",
    )
    observed = EncryptedTextField(_("what was observed"), max_length=LONG_TEXT)
    observed_on = models.DateField(_("when"))
    observed_by = models.CharField(
        _("observed by"), max_length=200, help_text=_("e.g. “Mette, the volunteer mother”")
    )
    # The reporter's judgement when it is raised; the advisory team's risk level
    # replaces it with each assessment. The queue is ordered on it.
    severity = models.PositiveSmallIntegerField(
        _("severity"), choices=Severity.choices, default=Severity.MODERATE
    )
    reported_by = actor_field(_("registered by"), blank=False)
    reported_at = models.DateTimeField(_("registered"))
    # Who was asked to act when it was raised: the friendship's contact person
    # (or, lacking one, the family's contact person or the site lead).
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact person"),
    )
    status = models.CharField(
        _("status"), max_length=30, choices=ConcernStatus.choices, default=ConcernStatus.RAISED
    )
    status_changed_at = models.DateTimeField()
    # The first assessment's time, kept for the advisory lead's report (time to assessment).
    first_assessed_at = models.DateTimeField(_("first assessed"), null=True, blank=True)

    class Meta:
        ordering = ["-reported_at"]
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        indexes = [
            models.Index(fields=["status", "-reported_at"]),
            models.Index(fields=["-severity", "reported_at"], name="concern_queue"),
        ]

    def __str__(self) -> str:
        return _("Concern of %(date)s") % {"date": self.observed_on}

    @property
    def is_open(self) -> bool:
        return self.status != ConcernStatus.CLOSED

    @property
    def is_acute(self) -> bool:
        return self.severity == Severity.ACUTE


class Decision(models.TextChoices):
    """What the advisory team decides (SPEC 5: no action / follow-up / notification)."""

    NO_ACTION = "no_action", _("No further action")
    FOLLOW_UP = "follow_up", _("Follow up in the friendship")
    NOTIFY = "notify", _("Notify the municipality (underretning)")
    ACUTE = "acute", _("Acute: act now and notify the municipality at once")


class ConcernAssessment(models.Model):
    """The advisory team's structured assessment of a concern.

    Never changed once recorded: a new assessment (a reassessment, or a
    correction) is a new row that names the one it replaces; the newest one
    is the concern's current assessment.
    """

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="assessments")
    known = EncryptedTextField(
        _("what is known"),
        max_length=LONG_TEXT,
        help_text=_(
            "The facts: what was seen and heard, by whom and when, and what else is known."
        ),
    )
    child_statements = EncryptedTextField(
        _("the child's own statements"),
        max_length=LONG_TEXT,
        blank=True,
        help_text=_("What the child has said, in the child's own words where possible."),
    )
    risk = models.PositiveSmallIntegerField(_("risk level"), choices=Severity.choices)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    reasons = EncryptedTextField(_("reasons for the decision"), max_length=LONG_TEXT)
    decided_by = accountable_field(_("decided by"))
    decided_on = models.DateField(_("decided on"))
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replaces the assessment"),
    )
    recorded_by = actor_field(blank=False)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("assessment of a concern")
        verbose_name_plural = _("assessments of concerns")

    def __str__(self) -> str:
        return _("Assessment of %(date)s") % {"date": self.decided_on}


class NotificationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    QUEUED = "queued", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Could not be sent")


class AcknowledgedHow(models.TextChoices):
    EMAIL = "email", _("By e-mail")
    DIGITAL_POST = "digital_post", _("By digital mail (Digital Post / e-Boks)")
    LETTER = "letter", _("By letter")
    PHONE = "phone", _("By phone")


class Notification(models.Model):
    """A notification to the child's municipality (*underretning*), written from an assessment.

    A draft is edited until it is sent; from then on its text and the PDF
    that went out (``NotificationDocument``) are kept as they were. The
    municipality must acknowledge receipt within six working days
    (``acknowledge_by``).
    """

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="notifications")
    assessment = models.ForeignKey(
        ConcernAssessment, on_delete=models.PROTECT, related_name="notifications"
    )
    municipality = models.ForeignKey(
        "organisations.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    reference = models.CharField(_("our reference"), max_length=20, unique=True)
    is_acute = models.BooleanField(_("acute notification"), default=False)
    observations = EncryptedTextField(_("what we know"), max_length=LONG_TEXT)
    child_statements = EncryptedTextField(
        _("the child's own statements"), max_length=LONG_TEXT, blank=True
    )
    assessment_text = EncryptedTextField(_("our assessment"), max_length=LONG_TEXT)
    actions = EncryptedTextField(
        _("other steps the charity has taken"),
        max_length=LONG_TEXT,
        blank=True,
        help_text=_(
            "The talk with the volunteer family and the parents' involvement are added from "
            "their recorded steps."
        ),
    )
    # The talk with the volunteer family and the parents' involvement as recorded when the
    # notification was sent (a draft shows them as they stand).
    involvement = EncryptedTextField(
        _("the talk with the family and the parents"), max_length=INVOLVEMENT_TEXT, blank=True
    )
    parents_informed = models.BooleanField(_("the parents know of the notification"), default=False)
    written_by = actor_field(blank=False)
    written_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=NotificationStatus.choices,
        default=NotificationStatus.DRAFT,
    )
    # Sending: who pressed "send", where it went, and the delivery attempts.
    to_address = models.EmailField(_("sent to"), blank=True)
    sent_by = actor_field(_("sent by"))
    queued_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sending_started_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(_("delivered to the mail server"), null=True, blank=True)
    message_id = models.CharField(max_length=250, blank=True)
    acknowledge_by = models.DateField(_("acknowledgement due"), null=True, blank=True)
    # The municipality's acknowledgement of receipt, as the advisory team recorded it.
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    acknowledged_how = models.CharField(
        _("how"), max_length=15, choices=AcknowledgedHow.choices, blank=True
    )
    municipality_reference = models.CharField(
        _("the municipality's reference"), max_length=100, blank=True
    )
    acknowledgement_recorded_by = actor_field()
    acknowledgement_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-written_at", "-id"]
        verbose_name = _("notification to the municipality")
        verbose_name_plural = _("notifications to the municipality")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return _("Notification %(reference)s") % {"reference": self.reference}

    @property
    def is_draft(self) -> bool:
        return self.status == NotificationStatus.DRAFT

    @property
    def acknowledged_in_time(self) -> bool | None:
        """True or False once acknowledged; None while it is not (or not sent)."""
        if self.acknowledged_on is None or self.acknowledge_by is None:
            return None
        return self.acknowledged_on <= self.acknowledge_by


class NotificationDocument(models.Model):
    """The PDF that was sent, kept as it went out (encrypted, base64 inside the token)."""

    notification = models.OneToOneField(
        Notification, on_delete=models.PROTECT, related_name="document"
    )
    content = EncryptedTextField(max_length=DOCUMENT_TEXT)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    made_at = models.DateTimeField()

    class Meta:
        verbose_name = _("notification document")
        verbose_name_plural = _("notification documents")

    def __str__(self) -> str:
        return f"{self.notification_id}: {self.sha256[:12]}"

    @property
    def pdf(self) -> bytes:
        return base64.b64decode(self.content)


class EntryKind(models.TextChoices):
    """What one line of a concern's timeline is."""

    STATUS = "status", _("Status changed")
    RECEIVED = "received", _("Taken on by the contact person")
    NOTE = "note", _("Note")
    FOLLOW_UP = "follow_up", _("Follow-up")
    ASSESSMENT = "assessment", _("Assessment")
    FAMILY_TALK = "family_talk", _("Talk with the volunteer family")
    PARENTS = "parents", _("The parents' involvement")
    NOTIFICATION_WRITTEN = "notification_written", _("Notification written")
    NOTIFICATION_SENT = "notification_sent", _("Notification sent")
    DELIVERED = "delivered", _("Notification delivered to the mail server")
    DELIVERY_FAILED = "delivery_failed", _("Notification could not be sent")
    ACKNOWLEDGED = "acknowledged", _("Receipt acknowledged by the municipality")
    ACKNOWLEDGEMENT_OVERDUE = "acknowledgement_overdue", _("Acknowledgement overdue")
    REPLY = "reply", _("The municipality's reply")
    CORRECTION = "correction", _("Correction")


# Kinds a person writes as a plain text entry (the others come with their own step).
TEXT_ENTRY_KINDS = (EntryKind.NOTE, EntryKind.FOLLOW_UP, EntryKind.REPLY, EntryKind.CORRECTION)


class ConcernEvent(StatusEvent):
    """One line of a concern's timeline: a status change or a step, with its author and time.

    Nothing is changed or deleted afterwards: a correction is a new line
    that names the line it corrects (``corrects``).
    """

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="events")
    from_status, to_status = status_fields(ConcernStatus)
    kind = models.CharField(max_length=30, choices=EntryKind.choices, default=EntryKind.STATUS)
    note = EncryptedTextField(_("note"), max_length=LONG_TEXT, blank=True)
    # The day something happened outside the system (a talk, a reply), if not today.
    on = models.DateField(_("date"), null=True, blank=True)
    # A step deliberately not taken (the talk with the family, informing the parents).
    skipped = models.BooleanField(default=False)
    assessment = models.ForeignKey(
        ConcernAssessment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notification = models.ForeignKey(
        Notification, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )

    class Meta(StatusEvent.Meta):
        verbose_name = _("concern step")
        verbose_name_plural = _("concern steps")

    def __str__(self) -> str:
        return f"{self.concern_id}: {self.kind} {self.from_status} → {self.to_status}"

    @property
    def changes_status(self) -> bool:
        return self.from_status != self.to_status


class AdvisoryTaskKind(models.TextChoices):
    ACKNOWLEDGEMENT_OVERDUE = (
        "acknowledgement_overdue",
        _("The municipality has not acknowledged a notification in time"),
    )
    DELIVERY_FAILED = "delivery_failed", _("A notification could not be sent")


class AdvisoryTask(models.Model):
    """Something the advisory team as a whole must do about a concern.

    Kept apart from the sites' follow-up tasks: the advisory team belongs to
    no site, and staff at a site must not learn of a notification from a task
    list. Created by jobs, once (``dedupe_key``).
    """

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="advisory_tasks")
    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, null=True, blank=True, related_name="tasks"
    )
    kind = models.CharField(_("task"), max_length=30, choices=AdvisoryTaskKind.choices)
    due_on = models.DateField(_("due"))
    created_at = models.DateTimeField()
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_by = actor_field()
    outcome = EncryptedTextField(_("outcome"), blank=True)
    dedupe_key = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("advisory team task")
        verbose_name_plural = _("advisory team tasks")
        indexes = [models.Index(fields=["completed_at", "due_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.due_on})"

    @property
    def is_open(self) -> bool:
        return self.completed_at is None


class AdvisoryLead(models.Model):
    """The advisory team's lead (*leder af Den børnefaglige rådgivning*), appointed by an
    administrator: reads the team's report and who read which concern."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="advisory_lead"
    )
    appointed_by = actor_field(blank=False)
    appointed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("advisory lead")
        verbose_name_plural = _("advisory leads")

    def __str__(self) -> str:
        return str(self.user_id)


class InquiryFrom(models.TextChoices):
    MUNICIPALITY = "municipality", _("The municipality")
    SCHOOL = "school", _("School or institution")
    LAWYER = "lawyer", _("A lawyer")
    OTHER_PROFESSIONAL = "other_professional", _("Another professional")
    CHILD_FAMILY = "child_family", _("The child's family or network")


class InquiryRequest(models.TextChoices):
    MORE_CONTACT = "more_contact", _("More contact with the child")
    NETWORK_MEETING = "network_meeting", _("Taking part in a network meeting")
    SUPPORT_PERSON = "support_person", _("Acting as the child's support person (bisidder)")
    RESPITE_CARE = "respite_care", _("Respite care (aflastning)")
    FOSTER_CARE = "foster_care", _("Foster care")
    OVERNIGHT = "overnight", _("Overnight stays")
    OTHER = "other", _("Something else")


# Requests that cannot be met within the programme: overnight stays are not
# allowed in the Hjem til Os year, so saying yes means ending the course.
INCOMPATIBLE_REQUESTS = frozenset(
    {InquiryRequest.RESPITE_CARE, InquiryRequest.FOSTER_CARE, InquiryRequest.OVERNIGHT}
)


class InquiryChannel(models.TextChoices):
    TO_CHARITY = "to_charity", _("Directly to the charity")
    VIA_FAMILY = "via_family", _("To the volunteer family, who referred it to us")


class InquiryOutcome(models.TextChoices):
    OPEN = "", _("Not decided yet")
    DECLINED = "declined", _("The family declined")
    ACCEPTED = "accepted", _("The family said yes")
    WITHDRAWN = "withdrawn", _("The request was withdrawn")
    ENDED_COURSE = "ended_course", _("Accepted; the Hjem til Os course ends")


class Inquiry(models.Model):
    """A professional's request for more involvement of the volunteer family (*henvendelse*).

    Staff register it and advise the family; the request itself never goes
    to the family through the system.
    """

    friendship = models.ForeignKey(
        "friendships.Friendship", on_delete=models.PROTECT, related_name="inquiries"
    )
    received_on = models.DateField(_("received"))
    from_kind = models.CharField(_("from"), max_length=20, choices=InquiryFrom.choices)
    from_name = models.CharField(
        _("who asked"), max_length=200, blank=True, help_text=_("Name and role, if known")
    )
    channel = models.CharField(
        _("how it reached us"),
        max_length=12,
        choices=InquiryChannel.choices,
        default=InquiryChannel.TO_CHARITY,
    )
    request = models.CharField(_("what is asked"), max_length=20, choices=InquiryRequest.choices)
    description = EncryptedTextField(_("the request"))
    advice = EncryptedTextField(_("advice given to the volunteer family"), blank=True)
    advised_on = models.DateField(_("advised on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=15, choices=InquiryOutcome.choices, blank=True
    )
    outcome_note = EncryptedTextField(_("about the outcome"), blank=True)
    recorded_by = actor_field(blank=False)
    created_at = models.DateTimeField()
    updated_by = actor_field()
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("inquiry from a professional")
        verbose_name_plural = _("inquiries from professionals")

    def __str__(self) -> str:
        return _("Inquiry of %(date)s") % {"date": self.received_on}

    @property
    def is_incompatible(self) -> bool:
        return self.request in INCOMPATIBLE_REQUESTS
