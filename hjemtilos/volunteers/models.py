"""Volunteer families (*venskabsfamilier*): application, household and vetting status."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hjemtilos.core.dates import ADULT_AGE, age_on, validate_birth_date
from hjemtilos.core.fields import (
    EncryptedTextField,
    LimitedTextField,
    actor_field,
    own_account_field,
)
from hjemtilos.core.models import InvitablePerson, StatusEvent, status_fields
from hjemtilos.organisations.models import CHILD_AGE_MAX, CHILD_AGE_MIN, PostalCode, Site


class RecruitmentChannel(models.TextChoices):
    """Where the family heard of the programme, so campaigns can be judged."""

    SOCIAL_MEDIA = "social_media", _("Facebook/Instagram")
    AULA = "aula", _("Aula")
    NEWSPAPER = "newspaper", _("Local newspaper")
    WEBSITE = "website", _("The charity's website")
    WORD_OF_MOUTH = "word_of_mouth", _("Word of mouth")
    OTHER = "other", _("Other")


# Vetting ages (SPEC 3, step 5): certificates from 15, the online course from 12;
# the code of conduct and the ethical rules for adults (``core.dates.ADULT_AGE``).
CERTIFICATE_AGE = 15
COURSE_AGE = 12


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


# A withdrawn or rejected family has left the programme; every other status is in it.
FAMILY_CLOSED_STATUSES = frozenset(
    {VolunteerFamilyStatus.WITHDRAWN, VolunteerFamilyStatus.REJECTED}
)
FAMILY_IN_PROGRAMME_STATUSES = tuple(
    s for s in VolunteerFamilyStatus if s not in FAMILY_CLOSED_STATUSES
)


class Transport(models.TextChoices):
    CAR = "car", _("Car")
    BIKE = "bike", _("Bike")
    PUBLIC = "public", _("Public transport")


class Weekday(models.IntegerChoices):
    # A context of their own: as a choice the day starts with a capital ("Tirsdag"); the
    # plain msgids stay Django's, so dates read "tirsdag 1. december" in lower case.
    MONDAY = 0, pgettext_lazy("weekday choice", "Monday")
    TUESDAY = 1, pgettext_lazy("weekday choice", "Tuesday")
    WEDNESDAY = 2, pgettext_lazy("weekday choice", "Wednesday")
    THURSDAY = 3, pgettext_lazy("weekday choice", "Thursday")
    FRIDAY = 4, pgettext_lazy("weekday choice", "Friday")
    SATURDAY = 5, pgettext_lazy("weekday choice", "Saturday")
    SUNDAY = 6, pgettext_lazy("weekday choice", "Sunday")


class Capacity(models.TextChoices):
    """The family's surplus of time and energy (*overskud*), assessed at the interview."""

    LIMITED = "limited", _("Limited: an easy-going child")
    GOOD = "good", _("Good")
    AMPLE = "ample", _("Ample: can take on a child with marked needs")


class Gender(models.TextChoices):
    UNSPECIFIED = "", _("Not stated")
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")


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
    # Why a family applies often tells of its own losses, health or childlessness.
    motivation = EncryptedTextField(_("why we want to be a friendship family"), blank=True)
    activities = LimitedTextField(_("what we like to do"), blank=True)
    pets = models.CharField(_("pets"), max_length=200, blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    smoking = models.BooleanField(_("smoking in the household"), default=False)
    transport = models.CharField(
        _("transport"), max_length=10, choices=Transport.choices, default=Transport.CAR
    )
    weekdays = models.JSONField(_("weekdays we can offer"), default=list, blank=True)
    child_age_min = models.PositiveSmallIntegerField(
        _("youngest child we imagine"), default=CHILD_AGE_MIN
    )
    child_age_max = models.PositiveSmallIntegerField(
        _("oldest child we imagine"), default=CHILD_AGE_MAX
    )
    cannot_take_on = models.JSONField(_("needs we cannot take on"), default=list, blank=True)
    cannot_take_on_other = EncryptedTextField(_("anything else we cannot take on"), blank=True)
    # When the applicants consented to the charity processing their data.
    consent_given_at = models.DateTimeField(_("consent to data processing"), null=True, blank=True)
    capacity = models.CharField(
        _("capacity (overskud)"), max_length=10, choices=Capacity.choices, blank=True
    )
    # One child at a time unless staff decide otherwise.
    max_children = models.PositiveSmallIntegerField(_("children at a time"), default=1)
    # Kept by ``services.family_vetting_refresh`` whenever a requirement may
    # have changed (a certificate, a course, an acceptance, a new policy
    # version, a member's birthday), so matching can filter on it cheaply.
    vetting_complete = models.BooleanField(_("every vetting requirement holds"), default=False)
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
    approved_by = actor_field()
    status_changed_at = models.DateTimeField(default=timezone.now)
    status_reason = LimitedTextField(_("reason"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("volunteer family")
        verbose_name_plural = _("volunteer families")
        indexes = [models.Index(fields=["site", "status"])]

    def __str__(self) -> str:
        return self.name


class HouseholdMember(InvitablePerson):
    """A person living in a volunteer family's home, adult or child."""

    family = models.ForeignKey(VolunteerFamily, on_delete=models.CASCADE, related_name="members")
    user = own_account_field("household_member")
    date_of_birth = models.DateField(_("date of birth"), validators=[validate_birth_date])
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    course_completed_on = models.DateField(_("online course completed"), null=True, blank=True)
    # A member who moves out keeps their history but no longer counts.
    moved_out_on = models.DateField(_("moved out"), null=True, blank=True)

    class Meta:
        ordering = ["date_of_birth"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")

    def age(self, on: date | None = None) -> int:
        return age_on(self.date_of_birth, on or timezone.localdate())

    @property
    def portal_invitable(self) -> bool:
        """An adult living in the household: may be invited to the volunteer portal."""
        today = timezone.localdate()
        at_home = self.moved_out_on is None or self.moved_out_on > today
        return at_home and self.age(today) >= ADULT_AGE


class FamilyEvent(StatusEvent):
    """One status change of a volunteer family."""

    family = models.ForeignKey(VolunteerFamily, on_delete=models.CASCADE, related_name="events")
    from_status, to_status = status_fields(VolunteerFamilyStatus)
    reason = LimitedTextField(blank=True)


class CertificateKind(models.TextChoices):
    CHILD_PROTECTION = "child_protection", _("Child-protection certificate (børneattest)")
    CRIMINAL_RECORD = "criminal_record", _("Criminal-record certificate (straffeattest)")


class CertificateResult(models.TextChoices):
    PENDING = "", _("Not received")
    NO_REMARKS = "no_remarks", _("No remarks")
    REMARKS = "remarks", _("Remarks")


class RemarksDecision(models.TextChoices):
    """Staff's decision on a certificate with remarks; until it is made, approval is blocked."""

    UNDECIDED = "", _("Not decided")
    ACCEPTED = "accepted", _("Accepted: no obstacle to taking part")
    REFUSED = "refused", _("Refused: the family cannot take part")


class Certificate(models.Model):
    """A certificate obtained for one household member aged 15 or more.

    Recorded by staff, never uploaded: only the dates and the result are kept.
    The newest certificate of each kind counts.
    """

    member = models.ForeignKey(
        HouseholdMember, on_delete=models.CASCADE, related_name="certificates"
    )
    kind = models.CharField(_("certificate"), max_length=20, choices=CertificateKind.choices)
    requested_on = models.DateField(_("requested"), null=True, blank=True)
    received_on = models.DateField(_("received"), null=True, blank=True)
    result = models.CharField(
        _("result"), max_length=12, choices=CertificateResult.choices, blank=True
    )
    remarks_decision = models.CharField(
        _("decision on remarks"), max_length=10, choices=RemarksDecision.choices, blank=True
    )
    # Why remarks were accepted or refused: may describe an offence.
    decision_reason = EncryptedTextField(_("reason for the decision"), blank=True)
    decided_by = actor_field()
    decided_at = models.DateTimeField(null=True, blank=True)
    recorded_by = actor_field()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["member", "kind", "-created_at"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        indexes = [models.Index(fields=["member", "kind", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.member}"

    @property
    def is_clear(self) -> bool:
        """Received, and either without remarks or with remarks staff accepted."""
        if not self.received_on:
            return False
        if self.result == CertificateResult.NO_REMARKS:
            return True
        return (
            self.result == CertificateResult.REMARKS
            and self.remarks_decision == RemarksDecision.ACCEPTED
        )


class PolicyDocumentKind(models.TextChoices):
    CODE_OF_CONDUCT = "code_of_conduct", _("Code of conduct (samværspolitik)")
    ETHICAL_RULES = "ethical_rules", _("The charity's ethical rules")


class PolicyDocumentVersion(models.Model):
    """One published version of the code of conduct or the ethical rules.

    The newest published version of each kind is the one every adult must
    have accepted; publishing a new one asks everyone to accept again.
    """

    kind = models.CharField(_("document"), max_length=20, choices=PolicyDocumentKind.choices)
    label = models.CharField(
        _("version"), max_length=100, help_text=_("e.g. “1. version, maj 2024”")
    )
    text = LimitedTextField(_("text"), max_length=50_000)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = actor_field()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "-published_at"]
        verbose_name = _("policy document version")
        verbose_name_plural = _("policy document versions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.label}"


class PolicyAcceptance(models.Model):
    """An adult household member's acceptance of one document version."""

    version = models.ForeignKey(
        PolicyDocumentVersion, on_delete=models.PROTECT, related_name="acceptances"
    )
    member = models.ForeignKey(
        HouseholdMember, on_delete=models.CASCADE, related_name="policy_acceptances"
    )
    accepted_at = models.DateTimeField(_("accepted"), default=timezone.now)
    # Who clicked: the member in the portal, or staff recording a paper copy.
    recorded_by = actor_field()

    class Meta:
        ordering = ["-accepted_at"]
        verbose_name = _("acceptance")
        verbose_name_plural = _("acceptances")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "member"], name="one_acceptance_per_version_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.version}"


class FamilyInterview(models.Model):
    """The home interview (*hjemmesamtale*) with the whole family.

    Planned first, then held. The whole family's support for taking part is a
    vetting requirement; capacity (*overskud*) and the staff assessment are
    kept on the family itself, where matching reads them.
    """

    family = models.OneToOneField(
        VolunteerFamily, on_delete=models.CASCADE, related_name="interview"
    )
    planned_for = models.DateTimeField(_("planned for"), null=True, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("interviewer"),
    )
    attendees = models.CharField(_("who attended"), max_length=300, blank=True)
    whole_family_supports = models.BooleanField(
        _("the whole family supports taking part"), default=False
    )
    # How each member, children included, feels about it: personal, so encrypted.
    support_notes = EncryptedTextField(_("the family members' views"), blank=True)
    motivation = EncryptedTextField(_("motivation"), blank=True)
    expectations = EncryptedTextField(_("expectations"), blank=True)
    recorded_by = actor_field()
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("home interview")
        verbose_name_plural = _("home interviews")

    def __str__(self) -> str:
        return f"{self.family}: {self.held_on or self.planned_for}"


class HouseholdChangeKind(models.TextChoices):
    MEMBER_ADDED = "member_added", _("Member added")
    MEMBER_MOVED_OUT = "member_moved_out", _("Member moved out")
    ADDRESS_CHANGED = "address_changed", _("New address")


class HouseholdChange(models.Model):
    """One change to the household after the application, by the family or staff."""

    family = models.ForeignKey(
        VolunteerFamily, on_delete=models.CASCADE, related_name="household_changes"
    )
    kind = models.CharField(_("change"), max_length=20, choices=HouseholdChangeKind.choices)
    member = models.ForeignKey(
        HouseholdMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The old and new address, for a move; a short description otherwise.
    description = models.CharField(_("description"), max_length=300)
    at = models.DateTimeField(default=timezone.now)
    by = actor_field()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("household change")
        verbose_name_plural = _("household changes")

    def __str__(self) -> str:
        return f"{self.family}: {self.get_kind_display()}"


class ApplicationAttempt(models.Model):
    """One submission of the public application form, for the rate limit.

    Kept in the database (not a per-process cache) so the limit holds across
    several web processes and machines. Only a keyed hash of the client
    address is stored, and rows older than a day are deleted by the daily job.
    """

    client_hash = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["client_hash", "at"])]

    def __str__(self) -> str:
        return f"{self.client_hash[:8]} {self.at:%Y-%m-%d %H:%M}"
