"""Follow-up tasks (*opfølgningsopgaver*): the calls, visits and checks staff owe.

A task belongs to one site and points at what it is about: a referral, a
volunteer family or a friendship. Intake creates the first ones (phone the
parent, hold the home visit); vetting, matching and the friendship year's
follow-up calendar (*årshjul*) add theirs.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.fields import EncryptedTextField, actor_field
from hjemtilos.organisations.models import Site


class FollowUpKind(models.TextChoices):
    """What a task is, across the programme (SPEC 3 and the *årshjul* in SPEC 4)."""

    # Intake
    CALL_PARENT = "call_parent", _("Phone the parent")
    HOME_VISIT = "home_visit", _("Hold the home visit")
    # Volunteer vetting
    FAMILY_INTERVIEW = "family_interview", _("Hold the home interview")
    CERTIFICATES = "certificates", _("Obtain certificates")
    ONLINE_COURSE = "online_course", _("Online course")
    # Matching
    PRESENT_MATCH_PARENT = "present_match_parent", _("Present the match to the parent")
    PRESENT_MATCH_FAMILY = "present_match_family", _("Present the match to the volunteer family")
    FRIENDSHIP_BOOKS = "friendship_books", _("Send information and friendship books")
    FIRST_MEETING = "first_meeting", _("Hold the first meeting")
    # The friendship year
    CALL_AFTER_FIRST_VISIT = "call_after_first_visit", _("Phone the parent after the first visit")
    CALL_3_MONTHS = "call_3_months", _("3-month call; agree the child visit")
    CHILD_VISIT = "child_visit", _("Child visit at home")
    CALL_6_MONTHS = "call_6_months", _("6-month call")
    CALL_9_MONTHS = "call_9_months", _("9-month call")
    FUTURE_TALK_FAMILY = "future_talk_family", _("Continuation talk with the volunteer family")
    FUTURE_TALK_PARENT = "future_talk_parent", _("Continuation talk with the parent")
    FUTURE_AGREEMENT = "future_agreement", _("Future agreement signed by both")
    FAREWELL = "farewell", _("Farewell and end of the Hjem til Os year")
    DELETION_CONFIRMATION = "deletion_confirmation", _("Confirm deletion of contact details")
    SUPERVISION = "supervision", _("Group supervision")
    SCREEN_LOGBOOK = "screen_logbook", _("Screen logbook entries")
    LOGBOOK_FOLLOW_UP = "logbook_follow_up", _("Follow up on a logbook entry")
    OVERNIGHT_STAY = "overnight_stay", _("An overnight stay was reported")
    STABILITY = "stability", _("Follow up on cancelled visits")
    EXTRA_VISIT_TALK = "extra_visit_talk", _("Talk with the family about an extra visit")
    # Greetings between the families and support for them
    RELAY_GREETING = "relay_greeting", _("Pass on a greeting")
    FEEDBACK = "feedback", _("Greetings between the families have stopped")
    CALL_REQUEST = "call_request", _("The family asks you to call")
    SUPPORT_NEXT_STEP = "support_next_step", _("Next step after a support conversation")
    # Safeguarding
    CONCERN = "concern", _("Handle a concern about a child")
    INQUIRY = "inquiry", _("Advise on a request from a professional")
    # Data protection
    CONSENT_WITHDRAWN = "consent_withdrawn", _("A parent withdrew a consent")
    RIGHTS_REQUEST = "rights_request", _("Answer a data subject's request")
    OTHER = "other", _("Other")


class ShownTo(models.TextChoices):
    """Which family sees a task's date in their own calendar in the portal."""

    NOBODY = "", _("Staff only")
    PARENT = "parent", _("The child's family")
    VOLUNTEER = "volunteer", _("The volunteer family")
    BOTH = "both", _("Both families")


class FollowUpTaskQuerySet(models.QuerySet["FollowUpTask"]):
    def open(self) -> FollowUpTaskQuerySet:
        return self.filter(completed_at__isnull=True, cancelled_at__isnull=True)


class FollowUpTask(models.Model):
    """One thing a staff member must do by a date, and what came of it."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="follow_up_tasks")
    kind = models.CharField(_("kind"), max_length=30, choices=FollowUpKind.choices)
    title = models.CharField(_("task"), max_length=200)
    # Written about one child or family ("call the mother about the school").
    description = EncryptedTextField(_("what to do"), blank=True)
    due_on = models.DateField(_("due"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_up_tasks",
        verbose_name=_("owner"),
    )
    referral = models.ForeignKey(
        "referrals.Referral",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_up_tasks",
    )
    volunteer_family = models.ForeignKey(
        "volunteers.VolunteerFamily",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_up_tasks",
    )
    friendship = models.ForeignKey(
        "friendships.Friendship",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_up_tasks",
    )
    concern = models.ForeignKey(
        "safeguarding.Concern",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_up_tasks",
    )
    # The plan item the task was made from (the follow-up calendar), if any.
    plan_item = models.ForeignKey(
        "followups.PlanTemplateItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    # Families see plan tasks in their calendar under a title meant for them,
    # never the staff's own title, description or outcome.
    shown_to = models.CharField(
        _("shown to"), max_length=10, choices=ShownTo.choices, blank=True, default=""
    )
    family_title = models.CharField(_("title for the families"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = actor_field(blank=False)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_by = actor_field(blank=False)
    # What came of it ("call held, home visit agreed"): may name health or
    # family matters, so it is encrypted like the other case notes.
    outcome = EncryptedTextField(_("outcome"), blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Urgent tasks (a concern about a child) are shown first, whatever their date.
    is_urgent = models.BooleanField(_("urgent"), default=False)
    # Set by jobs that create tasks (a birthday, the follow-up plan), so a job
    # that runs twice creates a task once: unique when not blank.
    dedupe_key = models.CharField(max_length=120, blank=True, default="")

    objects = FollowUpTaskQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")
        indexes = [
            # "My tasks" in its own order, open tasks only: a page is read straight off
            # the index instead of sorting all of a person's open tasks first.
            models.Index(
                "owner",
                models.F("is_urgent").desc(),
                "due_on",
                "id",
                name="followup_owner_open",
                condition=models.Q(completed_at__isnull=True, cancelled_at__isnull=True),
            ),
            models.Index(fields=["site", "due_on"], name="followup_site_due"),
            models.Index(fields=["friendship", "due_on"], name="followup_friendship_due"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="followup_dedupe_key_unique",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.completed_at is None and self.cancelled_at is None

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()


class FollowUpTaskAttempt(models.Model):
    """A try that did not close the task, e.g. a call nobody answered; the task is re-planned."""

    task = models.ForeignKey(FollowUpTask, on_delete=models.CASCADE, related_name="attempts")
    at = models.DateTimeField(default=timezone.now)
    by = actor_field(blank=False)
    note = EncryptedTextField(_("note"), blank=True)
    previous_due_on = models.DateField()
    new_due_on = models.DateField(_("try again on"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")

    def __str__(self) -> str:
        return f"{self.task_id} {self.at:%Y-%m-%d}"
