"""Safeguarding (*børnebeskyttelse*): concerns about a child and requests from professionals.

This is the entry point of the safeguarding work (SPEC 5): a concern is
raised from a logbook entry, by the volunteer family in the portal, or by
staff after a phone call; it is stored encrypted, seen only by the
friendship's contact person and the child-welfare advisory team (never by
administrators), and every step records its author and time
(``ConcernEvent``) so the assessment and notification steps can be added
as further statuses.

Requests from professionals (a municipality, a school, a lawyer) for more
involvement of the volunteer family are inquiries: routed through the
charity, never straight to the family.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.fields import EncryptedTextField
from hjemtilos.core.models import StatusEvent, status_fields


class ConcernSource(models.TextChoices):
    LOGBOOK = "logbook", _("A logbook entry")
    PORTAL = "portal", _("The volunteer family, in the portal")
    PHONE = "phone", _("A phone call to staff")
    STAFF = "staff", _("Staff's own observation")


class ConcernStatus(models.TextChoices):
    RAISED = "raised", _("Raised")
    ACKNOWLEDGED = "acknowledged", _("Received by the contact person")
    WITH_ADVISORY = "with_advisory", _("With the child-welfare advisory team")
    CLOSED = "closed", _("Closed")


class Concern(models.Model):
    """A concern about a child's well-being (*bekymring*), with who saw what and when."""

    friendship = models.ForeignKey(
        "friendships.Friendship", on_delete=models.PROTECT, related_name="concerns"
    )
    source = models.CharField(_("raised through"), max_length=10, choices=ConcernSource.choices)
    logbook_entry = models.ForeignKey(
        "friendships.LogbookEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concerns",
    )
    observed = EncryptedTextField(_("what was observed"))
    observed_on = models.DateField(_("when"))
    observed_by = models.CharField(
        _("observed by"), max_length=200, help_text=_("e.g. “Mette, the volunteer mother”")
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
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
        _("status"), max_length=20, choices=ConcernStatus.choices, default=ConcernStatus.RAISED
    )
    status_changed_at = models.DateTimeField()

    class Meta:
        ordering = ["-reported_at"]
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        indexes = [models.Index(fields=["status", "-reported_at"])]

    def __str__(self) -> str:
        return _("Concern of %(date)s") % {"date": self.observed_on}


class ConcernEvent(StatusEvent):
    """One step of a concern: a status change or a note, with its author and time."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="events")
    from_status, to_status = status_fields(ConcernStatus)
    note = EncryptedTextField(_("note"), blank=True)

    class Meta(StatusEvent.Meta):
        verbose_name = _("concern step")
        verbose_name_plural = _("concern steps")

    def __str__(self) -> str:
        return f"{self.concern_id}: {self.from_status} → {self.to_status}"


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
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
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
