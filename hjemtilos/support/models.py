"""Support for the volunteer families beside the friendship year (SPEC 3, step 14).

"Behovet for sparring er størst hos de venskabsfamilier, der har haft de mest
udfordrende sager, og disse familier føler sig bedre hjulpet gennem den
målrettede og personlige dialog" (seed ``003``): individual follow-up
conversations, the talk with the charity's psychologist, joint outings and
events, and supervision groups of families in similar situations
(docs/decisions/0062-support-for-volunteer-families.md).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.fields import EncryptedTextField, LimitedTextField, actor_field
from hjemtilos.core.models import StatusEvent, status_fields
from hjemtilos.followups.models import FollowUpTask, SupervisionSession
from hjemtilos.friendships.models import Friendship
from hjemtilos.organisations.models import Site
from hjemtilos.volunteers.models import VolunteerFamily


class ConversationChannel(models.TextChoices):
    PHONE = "phone", _("Phone")
    MEETING = "meeting", _("In person")
    VIDEO = "video", _("Video call")


class SupportConversation(models.Model):
    """An individual follow-up conversation with a volunteer family (*individuel opfølgning*),
    beside the friendship it is about."""

    friendship = models.ForeignKey(
        Friendship, on_delete=models.CASCADE, related_name="support_conversations"
    )
    held_on = models.DateField(_("date"))
    with_whom = models.CharField(
        _("with whom"), max_length=200, help_text=_("e.g. “Mette and Lars”")
    )
    channel = models.CharField(
        _("how"),
        max_length=10,
        choices=ConversationChannel.choices,
        default=ConversationChannel.PHONE,
    )
    # What a family talks through in confidence: the child, their own doubts.
    topic = EncryptedTextField(_("what you talked about"))
    next_step = EncryptedTextField(_("next step"), blank=True)
    next_step_on = models.DateField(_("next step by"), null=True, blank=True)
    next_step_task = models.ForeignKey(
        FollowUpTask, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by = actor_field(blank=False)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("follow-up conversation")
        verbose_name_plural = _("follow-up conversations")
        indexes = [models.Index(fields=["friendship", "-held_on"])]

    def __str__(self) -> str:
        return f"{self.friendship_id} {self.held_on}"


class PsychologistStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    BOOKED = "booked", _("Booked")
    HELD = "held", _("Held")
    NOT_HELD = "not_held", _("Not held")
    DECLINED = "declined", _("Declined by the family")


class PsychologistConversation(models.Model):
    """A talk with the charity's psychologist offered to a volunteer family.

    Seen by the friendship's contact person and the advisory team only: not by
    other staff of the site, never in task lists or the family's calendar.
    """

    friendship = models.ForeignKey(
        Friendship, on_delete=models.CASCADE, related_name="psychologist_conversations"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PsychologistStatus.choices,
        default=PsychologistStatus.OFFERED,
    )
    reason = EncryptedTextField(_("why it is offered"))
    offered_at = models.DateTimeField(_("offered"))
    offered_by = actor_field(blank=False)
    booked_for = models.DateTimeField(_("booked for"), null=True, blank=True)
    status_changed_at = models.DateTimeField()

    class Meta:
        ordering = ["-offered_at", "-id"]
        verbose_name = _("talk with the psychologist")
        verbose_name_plural = _("talks with the psychologist")

    def __str__(self) -> str:
        return f"{self.friendship_id} {self.status}"


class PsychologistEvent(StatusEvent):
    """One step of a psychologist talk: offered, booked (for when), held or not, declined."""

    conversation = models.ForeignKey(
        PsychologistConversation, on_delete=models.CASCADE, related_name="events"
    )
    from_status, to_status = status_fields(PsychologistStatus)
    note = EncryptedTextField(_("note"), blank=True)
    booked_for = models.DateTimeField(null=True, blank=True)

    class Meta(StatusEvent.Meta):
        verbose_name = _("psychologist talk step")
        verbose_name_plural = _("psychologist talk steps")


class Situation(models.TextChoices):
    """What the friendships of a supervision group have in common."""

    DIAGNOSIS = "diagnosis", _("Children with a diagnosis (ADHD, autism)")
    ANXIETY = "anxiety", _("Children with anxiety or social difficulties")
    LANGUAGE = "language", _("Parents with little Danish")
    YOUNG = "young", _("Young children (4–7)")
    OLDER = "older", _("Older children (10–13)")
    HEAVY = "heavy", _("Heavy cases")
    OTHER = "other", _("Something else")


class SupervisionGroup(models.Model):
    """Volunteer families grouped for supervision by what their friendships have in common:
    families gain most from families like themselves (seed ``003``)."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="supervision_groups")
    name = models.CharField(_("name"), max_length=100)
    situation = models.CharField(
        _("what they have in common"), max_length=20, choices=Situation.choices
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    families = models.ManyToManyField(
        VolunteerFamily, through="SupervisionGroupMember", related_name="+"
    )
    sessions = models.ManyToManyField(SupervisionSession, blank=True, related_name="+")
    created_by = actor_field(blank=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["site", "name"]
        verbose_name = _("supervision group")
        verbose_name_plural = _("supervision groups")

    def __str__(self) -> str:
        return self.name


class SupervisionGroupMember(models.Model):
    group = models.ForeignKey(SupervisionGroup, on_delete=models.CASCADE, related_name="members")
    family = models.ForeignKey(VolunteerFamily, on_delete=models.CASCADE, related_name="+")
    added_by = actor_field(blank=False)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["group", "family__name"]
        verbose_name = _("member of a supervision group")
        verbose_name_plural = _("members of supervision groups")
        constraints = [
            models.UniqueConstraint(fields=["group", "family"], name="support_one_membership")
        ]

    def __str__(self) -> str:
        return f"{self.group_id} {self.family_id}"


class JointEventKind(models.TextChoices):
    OUTING = "outing", _("Joint outing")
    GATHERING = "gathering", _("Get-together")
    TALK = "talk", _("Talk or course evening")


class JointEvent(models.Model):
    """A joint outing or event for the volunteer families of a site (and the children, where
    chosen): invitations, sign-ups with the number of people, attendance."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="joint_events")
    kind = models.CharField(_("kind"), max_length=20, choices=JointEventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("where"), max_length=200)
    description = LimitedTextField(_("about the day"), blank=True)
    children_welcome = models.BooleanField(_("the children come too"), default=False)
    sign_up_by = models.DateField(_("sign up by"), null=True, blank=True)
    # Invite one supervision group only (else every family in a running friendship).
    group = models.ForeignKey(
        SupervisionGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("only for the group"),
    )
    created_by = actor_field(blank=False)
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("joint event")
        verbose_name_plural = _("joint events")
        indexes = [models.Index(fields=["site", "starts_at"])]

    def __str__(self) -> str:
        return self.title


class Answer(models.TextChoices):
    YES = "yes", _("Coming")
    NO = "no", _("Not coming")


class JointEventInvitation(models.Model):
    """A family invited to a joint event: their answer, how many come, whether they came."""

    event = models.ForeignKey(JointEvent, on_delete=models.CASCADE, related_name="invitations")
    family = models.ForeignKey(VolunteerFamily, on_delete=models.CASCADE, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)
    answer = models.CharField(_("answer"), max_length=5, choices=Answer.choices, blank=True)
    adults = models.PositiveSmallIntegerField(_("adults"), default=0)
    children = models.PositiveSmallIntegerField(_("children"), default=0)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = actor_field()
    attended = models.BooleanField(_("came"), null=True, blank=True)
    attendance_recorded_by = actor_field()

    class Meta:
        ordering = ["event", "family__name"]
        verbose_name = _("invitation to a joint event")
        verbose_name_plural = _("invitations to joint events")
        constraints = [
            models.UniqueConstraint(fields=["event", "family"], name="support_one_invitation")
        ]

    def __str__(self) -> str:
        return f"{self.event_id} {self.family_id}"

    @property
    def people(self) -> int:
        return self.adults + self.children if self.answer == Answer.YES else 0
