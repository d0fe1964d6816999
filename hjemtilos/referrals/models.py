"""Referrals: the child, the child's family and the caseworker's enrollment.

A caseworker refers a child (*henvisning*) together with the parent; staff
receive the referral, hold the screening home visit and mark the child ready
for matching. The child's needs and the family's situation are special-category
data (GDPR Art. 9) and are stored encrypted.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.dates import age_on, validate_birth_date
from hjemtilos.core.fields import (
    EncryptedTextField,
    LimitedTextField,
    actor_field,
    own_account_field,
)
from hjemtilos.core.models import InvitablePerson, Person, StatusEvent, status_fields
from hjemtilos.organisations.models import Municipality, PostalCode, Site


class Language(models.TextChoices):
    DANISH = "da", _("Danish")
    ENGLISH = "en", _("English")


class BirthFamily(models.Model):
    """The child's own family (*biologisk familie*) at one address."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="birth_families")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="birth_families"
    )
    street_address = models.CharField(_("address"), max_length=200)
    postal_code = models.ForeignKey(
        PostalCode, on_delete=models.PROTECT, related_name="+", verbose_name=_("postal code")
    )
    single_parent = models.BooleanField(_("single parent"), default=False)
    # Network, health and the wider situation are special-category data.
    network = EncryptedTextField(_("the family's network"), blank=True)
    health = EncryptedTextField(_("health in the family"), blank=True)
    situation = EncryptedTextField(_("the family's situation"), blank=True)
    siblings = models.CharField(_("siblings (first names and ages)"), max_length=300, blank=True)
    sibling_enrolled = models.BooleanField(_("a sibling is also referred"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("child's family")
        verbose_name_plural = _("children's families")

    def __str__(self) -> str:
        return f"{self.street_address}, {self.postal_code_id}"


class Guardian(InvitablePerson):
    """A parent or guardian (*forælder/værge*) of the children in a family."""

    family = models.ForeignKey(BirthFamily, on_delete=models.CASCADE, related_name="guardians")
    user = own_account_field("guardian")
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=Language.choices, default=Language.DANISH
    )
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("parent or guardian")
        verbose_name_plural = _("parents and guardians")


class NeedTag(models.TextChoices):
    """Needs and challenges staff match on; details go in the encrypted text."""

    ADHD = "adhd", _("ADHD")
    AUTISM = "autism", _("Autism")
    ANXIETY = "anxiety", _("Anxiety")
    LANGUAGE = "language", _("Language")
    SOCIAL = "social", _("Social difficulties")
    OTHER = "other", _("Other")


class Child(Person):
    """A referred child (*barn*). No CPR number: name and date of birth identify."""

    family = models.ForeignKey(BirthFamily, on_delete=models.PROTECT, related_name="children")
    date_of_birth = models.DateField(_("date of birth"), validators=[validate_birth_date])
    gender = models.CharField(_("gender"), max_length=30, blank=True)
    school = models.CharField(_("school or after-school institution"), max_length=200, blank=True)
    school_address = models.CharField(
        _("address of school (pickup place)"), max_length=200, blank=True
    )
    school_postal_code = models.ForeignKey(
        PostalCode, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    languages = models.CharField(_("languages at home"), max_length=200, blank=True)
    interests = LimitedTextField(_("interests"), blank=True)
    need_tags = models.JSONField(_("needs (tags)"), default=list, blank=True)
    needs = EncryptedTextField(_("needs and challenges"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["first_name", "last_name"]
        verbose_name = _("child")
        verbose_name_plural = _("children")

    def age(self, on: date | None = None) -> int:
        return age_on(self.date_of_birth, on or timezone.localdate())

    @property
    def need_tag_labels(self) -> list[str]:
        labels = dict(NeedTag.choices)
        return [str(labels.get(tag, tag)) for tag in self.need_tags]


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RECEIVED = "received", _("Received")
    HOME_VISIT_PLANNED = "home_visit_planned", _("Home visit planned")
    HOME_VISIT_HELD = "home_visit_held", _("Home visit held")
    READY_FOR_MATCHING = "ready_for_matching", _("Ready for matching")
    MATCHED = "matched", _("Matched")
    ON_HOLD = "on_hold", _("On hold")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")


class EndReason(models.TextChoices):
    """Why a friendship ended before the year was over (*ophør*), for the statistics.

    Defined with the referral because the referring caseworker is told the
    reason category (never the free text) when the child's friendship ends.
    """

    CHILD_WISH = "child_wish", _("The child did not want to go on")
    CHILD_FAMILY_SITUATION = "child_family_situation", _("The child's family's situation changed")
    VOLUNTEER_CAPACITY = "volunteer_capacity", _("The volunteer family lacked time or energy")
    MOVED = "moved", _("One of the families moved")
    MISMATCH = "mismatch", _("The match did not work")
    RESPITE_OR_FOSTER_CARE = (
        "respite_or_foster_care",
        _("Respite or foster care with overnight stays"),
    )
    SAFEGUARDING = "safeguarding", _("A safeguarding concern")
    OTHER = "other", _("Other")


class LegalBasis(models.TextChoices):
    """The preventive measure under Barnets Lov that makes the child eligible."""

    SECTION_30 = "s30", _("Barnets Lov §30")
    SECTION_32 = "s32", _("Barnets Lov §32")


class FamilyChildrenWish(models.TextChoices):
    """What the child wishes of the volunteer family's own children."""

    NO_PREFERENCE = "", _("No preference")
    OLDER = "older", _("Older children")
    SAME_AGE = "same_age", _("Children of about the same age")
    YOUNGER = "younger", _("Younger children")
    NONE_AT_HOME = "none_at_home", _("No children at home")


class PetsWish(models.TextChoices):
    NO_PREFERENCE = "", _("No preference")
    WOULD_LIKE = "would_like", _("Would like pets")
    NONE = "none", _("No pets")


class Referral(models.Model):
    """A caseworker's enrollment of a child (*henvisning*)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="referrals")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="referrals")
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("caseworker"),
    )
    created_by = actor_field(blank=False)
    status = models.CharField(
        _("status"), max_length=30, choices=ReferralStatus.choices, default=ReferralStatus.DRAFT
    )
    legal_basis = models.CharField(
        _("legal basis"), max_length=5, choices=LegalBasis.choices, blank=True
    )
    consent_recorded_at = models.DateTimeField(
        _("parent's consent recorded"), null=True, blank=True
    )
    sharing_consent_recorded_at = models.DateTimeField(
        _("parent's consent to sharing information with the volunteer family"),
        null=True,
        blank=True,
    )
    wish_family_children = models.CharField(
        _("the volunteer family's own children"),
        max_length=20,
        choices=FamilyChildrenWish.choices,
        blank=True,
    )
    wish_father_figure = models.BooleanField(_("wishes for a father figure"), default=False)
    wish_pets = models.CharField(_("pets"), max_length=20, choices=PetsWish.choices, blank=True)
    # Allergies are health data and religion a special category (GDPR Art. 9).
    allergies = EncryptedTextField(_("allergies"), max_length=200, blank=True)
    religion_food = EncryptedTextField(_("religion and food"), max_length=200, blank=True)
    # The child's wishes can say much about the child and the family at home.
    wishes = EncryptedTextField(_("other wishes for the friendship family"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    home_visit_held_on = models.DateField(_("home visit held"), null=True, blank=True)
    ready_for_matching_at = models.DateTimeField(_("ready for matching"), null=True, blank=True)
    matched_at = models.DateTimeField(_("matched"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_reason = LimitedTextField(_("reason"), blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["site", "status", "submitted_at"]),
            models.Index(fields=["caseworker", "-created_at"]),
        ]

    def __str__(self) -> str:
        return _("Referral of %(child)s") % {"child": self.child}


class ReferralEvent(StatusEvent):
    """One status change of a referral: who, when, from what, to what, and why."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    from_status, to_status = status_fields(ReferralStatus)
    reason = LimitedTextField(blank=True)


class HomeVisit(models.Model):
    """The screening home visit (*hjemmebesøg*) staff hold before matching.

    The child's wishes in the child's own words, the family's motivation,
    expectations and needs guide the match; they are special-category data.
    """

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="home_visit")
    planned_for = models.DateTimeField(_("planned for"))
    planned_by = actor_field(blank=False)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    attendees = models.CharField(_("who attended"), max_length=300, blank=True)
    child_wishes = EncryptedTextField(_("the child's own wishes, in the child's words"), blank=True)
    motivation = EncryptedTextField(_("motivation"), blank=True)
    expectations = EncryptedTextField(_("expectations"), blank=True)
    family_needs = EncryptedTextField(_("the family's needs"), blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    recorded_by = actor_field(blank=False)
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("home visit")
        verbose_name_plural = _("home visits")

    def __str__(self) -> str:
        return _("Home visit for %(child)s") % {"child": self.referral.child}


class ReferralNote(models.Model):
    """A note between the caseworker and staff about a referral."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="notes")
    author = actor_field(blank=False)
    created_at = models.DateTimeField(default=timezone.now)
    text = EncryptedTextField(_("note"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self) -> str:
        return _("Note on %(referral)s") % {"referral": self.referral}


class CaseworkerUpdateKind(models.TextChoices):
    """The steps of a referral the referring caseworker is told about."""

    RECEIVED = "received", _("The referral was received")
    HOME_VISIT_HELD = "home_visit_held", _("The home visit was held")
    MATCHED = "matched", _("A volunteer family was found")
    STARTED = "started", _("The friendship started")
    ENDED_EARLY = "ended_early", _("The friendship ended early")
    COMPLETED = "completed", _("The friendship year was completed")


class CaseworkerUpdate(models.Model):
    """News about a referral for the caseworker who made it (*besked til sagsbehandleren*).

    Shown on the caseworker's pages and, unless switched off, sent by e-mail.
    It carries the step and, for an ending, the reason category and whether
    the families go on privately: never the volunteer family (SPEC 2).
    """

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="caseworker_updates"
    )
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="caseworker_updates"
    )
    kind = models.CharField(_("what happened"), max_length=20, choices=CaseworkerUpdateKind.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    end_reason_category = models.CharField(
        _("reason"), max_length=30, choices=EndReason.choices, blank=True
    )
    continues_privately = models.BooleanField(_("continues privately"), null=True, blank=True)
    emailed = models.BooleanField(_("sent by e-mail"), default=False)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("update to the caseworker")
        verbose_name_plural = _("updates to the caseworker")
        indexes = [models.Index(fields=["caseworker", "-at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%Y-%m-%d})"


class CaseworkerPreferences(models.Model):
    """What a caseworker wants to be told by e-mail; no row means the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="caseworker_preferences",
    )
    email_updates = models.BooleanField(
        _("e-mail me when something happens with my referrals"), default=True
    )

    class Meta:
        verbose_name = _("caseworker's preferences")
        verbose_name_plural = _("caseworkers' preferences")

    def __str__(self) -> str:
        return str(self.user)
