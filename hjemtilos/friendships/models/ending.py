"""The end of the year: the future agreement (*fremtidsaftale*) and deletion confirmations."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.fields import EncryptedTextField, actor_field
from hjemtilos.friendships.models.friendship import Friendship
from hjemtilos.friendships.models.visits import Side


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Every week, as now")
    FORTNIGHTLY = "fortnightly", _("Every 14 days")
    MONTHLY = "monthly", _("Once a month")
    AD_HOC = "ad_hoc", _("From time to time, as we agree")


class FutureAgreement(models.Model):
    """How the friendship goes on privately after the year (*fremtidsaftale*).

    Staff talk with the volunteer family first, then with the parent; the
    child is heard (staff help the parent do it without making the child
    insecure). Staff record the agreed form and both families confirm it, in
    the portal or by phone. It takes effect on the anniversary.
    """

    friendship = models.OneToOneField(
        Friendship, on_delete=models.CASCADE, related_name="future_agreement"
    )
    volunteer_continue = models.BooleanField(_("the volunteer family wants to go on"), null=True)
    volunteer_frequency = models.CharField(
        _("how often"), max_length=15, choices=Frequency.choices, blank=True
    )
    volunteer_note = EncryptedTextField(_("the volunteer family's thoughts"), blank=True)
    volunteer_answered_at = models.DateTimeField(null=True, blank=True)
    volunteer_answered_by = actor_field()
    parent_continue = models.BooleanField(_("the parent wants to go on"), null=True)
    parent_frequency = models.CharField(
        _("how often"), max_length=15, choices=Frequency.choices, blank=True
    )
    parent_note = EncryptedTextField(_("the parent's thoughts"), blank=True)
    parent_answered_at = models.DateTimeField(null=True, blank=True)
    parent_answered_by = actor_field()
    # Staff's note of how the child was heard: the child's own words.
    child_heard_note = EncryptedTextField(_("how the child was heard"), blank=True)
    child_heard_at = models.DateTimeField(null=True, blank=True)
    child_heard_by = actor_field()
    agreed_continue = models.BooleanField(_("the friendship goes on privately"), null=True)
    agreed_frequency = models.CharField(
        _("how often"), max_length=15, choices=Frequency.choices, blank=True
    )
    agreed_details = models.CharField(
        _("what is agreed"),
        max_length=500,
        blank=True,
        help_text=_("e.g. “Every other Tuesday after school; the families text each other”"),
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = actor_field()
    volunteer_confirmed_at = models.DateTimeField(null=True, blank=True)
    volunteer_confirmed_by = actor_field()
    parent_confirmed_at = models.DateTimeField(null=True, blank=True)
    parent_confirmed_by = actor_field()

    class Meta:
        verbose_name = _("future agreement")
        verbose_name_plural = _("future agreements")

    def __str__(self) -> str:
        return f"Future agreement {self.friendship_id}"

    @property
    def is_confirmed(self) -> bool:
        return bool(self.volunteer_confirmed_at and self.parent_confirmed_at)

    @property
    def stage(self) -> str:
        """The next step: volunteer, parent, child, agreement, confirmation, or done."""
        if self.volunteer_answered_at is None:
            return "volunteer"
        if self.parent_answered_at is None:
            return "parent"
        if self.child_heard_at is None:
            return "child"
        if self.agreed_at is None:
            return "agreement"
        if not self.is_confirmed:
            return "confirmation"
        return "done"


class DeletionScope(models.TextChoices):
    """What a family is asked to delete when the year ends (the code of conduct)."""

    MATCH_PAPER = "match_paper", _("The child's match paper")
    CONTACT_DETAILS = (
        "contact_details",
        _("Contact details, messages and photos, and the match paper"),
    )


class DeletionConfirmation(models.Model):
    """A family's confirmation that they deleted what the code of conduct asks.

    Requested when the friendship ends; reminded once after 14 days; the
    confirmation is given in the portal or recorded by staff from a call.
    """

    friendship = models.ForeignKey(
        Friendship, on_delete=models.CASCADE, related_name="deletion_confirmations"
    )
    side = models.CharField(_("family"), max_length=20, choices=Side.choices)
    scope = models.CharField(_("to delete"), max_length=20, choices=DeletionScope.choices)
    requested_at = models.DateTimeField(_("asked"))
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by = actor_field()
    # Staff who recorded a confirmation given by phone (empty: given in the portal).
    recorded_by = actor_field()

    class Meta:
        ordering = ["friendship", "side"]
        verbose_name = _("deletion confirmation")
        verbose_name_plural = _("deletion confirmations")
        constraints = [
            models.UniqueConstraint(fields=["friendship", "side"], name="one_deletion_per_side")
        ]
        indexes = [models.Index(fields=["confirmed_at", "requested_at"])]

    def __str__(self) -> str:
        return f"{self.friendship_id} {self.side}"


class GuidanceRead(models.Model):
    """A family read the guidance on talking with the child about the time after the year.

    Offered in the portal from 10 months in, to the parent and to the
    volunteer family, each their own (seed ``003``: support the parents in
    hearing the child without making the child insecure); staff see whether
    it was read.
    """

    friendship = models.ForeignKey(
        Friendship, on_delete=models.CASCADE, related_name="guidance_reads"
    )
    side = models.CharField(_("family"), max_length=20, choices=Side.choices)
    read_at = models.DateTimeField(_("read"))
    read_by = actor_field(blank=False)

    class Meta:
        ordering = ["friendship", "side"]
        verbose_name = _("guidance read")
        verbose_name_plural = _("guidance read")
        constraints = [
            models.UniqueConstraint(
                fields=["friendship", "side"], name="one_guidance_read_per_side"
            )
        ]

    def __str__(self) -> str:
        return f"{self.friendship_id} {self.side}"
