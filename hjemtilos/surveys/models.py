"""Surveys (*spørgeskemaer*): instruments as versioned data, invitations, responses, answers.

An instrument (``Survey``) is one of the evaluation's questionnaires: the
parents' at the start and at the end of the year, the volunteer family's at
the end, the child's voice at the child visit. Its wording lives in
``SurveyVersion`` rows: a published version is never edited, administrators
draft and publish a new one. Each question has a stable ``key`` that keeps its
meaning across versions, so answers given to version 1 and version 2 count in
the same figure (ADR 0053).

An invitation is a personal link to one person (a guardian, a volunteer
family's adult) about one friendship; it goes by e-mail and SMS, is reminded
after 7 and 14 days and expires (ADR 0054). A response holds the answers,
one row per chosen option (or one with the free text), keyed by the question's
key for the figures.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.fields import EncryptedTextField, LimitedTextField, actor_field
from hjemtilos.core.models import StatusEvent, status_fields
from hjemtilos.friendships.models import Friendship
from hjemtilos.organisations.models import Site
from hjemtilos.referrals.models import Guardian
from hjemtilos.surveys.scales import QuestionKind
from hjemtilos.volunteers.models import HouseholdMember

#: Longest free-text answer, in characters.
TEXT_ANSWER_MAX_LENGTH = 2000


def in_language(obj: object, name: str) -> str:
    """The Danish or English wording of ``name`` (``name_da``/``name_en``) for the page's
    language; Danish when the English is missing."""
    language = (translation.get_language() or "da")[:2]
    english = getattr(obj, f"{name}_en", "") if language == "en" else ""
    return str(english or getattr(obj, f"{name}_da"))


class Audience(models.TextChoices):
    PARENT = "parent", _("The child's parents")
    VOLUNTEER = "volunteer", _("The volunteer family")
    CHILD = "child", _("The child (recorded by staff)")


class Moment(models.TextChoices):
    """When the survey is due in the friendship year."""

    START = "start", _("At the start of the friendship")
    END = "end", _("At the anniversary or an early ending")
    CHILD_VISIT = "child_visit", _("At the child visit after four months")


class Survey(models.Model):
    """One instrument of the evaluation, whatever its version."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    audience = models.CharField(_("answered by"), max_length=20, choices=Audience.choices)
    moment = models.CharField(_("when"), max_length=20, choices=Moment.choices)
    name_da = models.CharField(_("name (Danish)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self, "name")


class SurveyVersion(models.Model):
    """One wording of a survey. Drafts are edited; a published version never changes."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    title_da = models.CharField(_("title (Danish)"), max_length=150)
    title_en = models.CharField(_("title (English)"), max_length=150)
    intro_da = LimitedTextField(_("introduction (Danish)"), max_length=2000)
    intro_en = LimitedTextField(_("introduction (English)"), max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = actor_field()
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = actor_field()

    class Meta:
        ordering = ["survey", "-number"]
        verbose_name = _("survey version")
        verbose_name_plural = _("survey versions")
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="one_survey_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.survey.key} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def title(self) -> str:
        return in_language(self, "title")

    @property
    def intro(self) -> str:
        return in_language(self, "intro")


class Question(models.Model):
    """One question of a version. ``key`` is its identity across versions (ADR 0053)."""

    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(
        _("key"),
        max_length=40,
        help_text=_(
            "Stays the same in every version while the question means the same, so the "
            "figures compare across versions. A new question gets a new key."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    text_da = models.CharField(_("question (Danish)"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300)
    help_da = models.CharField(_("help text (Danish)"), max_length=300, blank=True)
    help_en = models.CharField(_("help text (English)"), max_length=300, blank=True)
    required = models.BooleanField(_("an answer is needed"), default=True)
    # Single and multiple choice: [{"key": …, "da": …, "en": …}, …], in the order shown.
    options = models.JSONField(_("options"), default=list, blank=True)

    class Meta:
        ordering = ["version", "position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="one_question_key_per_version")
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def text(self) -> str:
        return in_language(self, "text")

    @property
    def help(self) -> str:
        return in_language(self, "help")

    def option_choices(self) -> list[tuple[str, str]]:
        """The own options as (key, label in the page's language)."""
        language = (translation.get_language() or "da")[:2]
        return [
            (o["key"], str((o.get("en") if language == "en" else "") or o["da"]))
            for o in self.options
        ]


class InvitationStatus(models.TextChoices):
    SENT = "sent", _("Invited")
    REMINDED = "reminded", _("Reminded")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    ANSWERED = "answered", _("Answered")


#: An invitation that may still be answered through its link.
INVITATION_OPEN_STATUSES = (InvitationStatus.SENT, InvitationStatus.REMINDED)


def new_link_key() -> str:
    return secrets.token_urlsafe(6)


class SurveyInvitation(models.Model):
    """A personal link to one survey for one person about one friendship.

    ``respondent_key`` names the person within the friendship
    (``guardian-<pk>``, ``member-<pk>``) so that one person is asked once per
    survey (a unique constraint: a daily job that runs twice asks once).
    ``link_key`` is part of the signed link; reopening a declined or expired
    invitation gives it a new one, so only the newest link works.
    """

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="invitations")
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="+")
    friendship = models.ForeignKey(
        Friendship, on_delete=models.CASCADE, related_name="survey_invitations"
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    respondent_key = models.CharField(max_length=30)
    guardian = models.ForeignKey(
        Guardian, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    member = models.ForeignKey(
        HouseholdMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    language = models.CharField(max_length=5, default="da")
    # The day the survey is about: the friendship's start or end, for the report's period.
    occasion_on = models.DateField(_("occasion"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InvitationStatus.choices,
        default=InvitationStatus.SENT,
    )
    link_key = models.CharField(max_length=16, default=new_link_key)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    sent_by_email = models.BooleanField(_("sent by e-mail"), default=False)
    sent_by_sms = models.BooleanField(_("sent by SMS"), default=False)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))
    consented_at = models.DateTimeField(_("agreed to take part"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "friendship", "respondent_key"],
                name="one_invitation_per_person_and_survey",
            )
        ]
        indexes = [
            models.Index(fields=["status", "sent_at"], name="survey_invitation_due"),
            models.Index(fields=["site", "occasion_on"], name="survey_invitation_site"),
        ]

    def __str__(self) -> str:
        return f"{self.survey.key} {self.friendship_id} {self.respondent_key}"

    @property
    def is_open(self) -> bool:
        return self.status in INVITATION_OPEN_STATUSES

    @property
    def reached(self) -> bool:
        """The link went out by at least one channel."""
        return self.sent_by_email or self.sent_by_sms


class InvitationEvent(StatusEvent):
    invitation = models.ForeignKey(
        SurveyInvitation, on_delete=models.CASCADE, related_name="events"
    )
    from_status, to_status = status_fields(InvitationStatus)
    reason = LimitedTextField(blank=True)

    class Meta(StatusEvent.Meta):
        # Named for the audit log's pages, which show the kind of record.
        verbose_name = _("step of a survey invitation")
        verbose_name_plural = _("steps of survey invitations")


class ResponseMode(models.TextChoices):
    LINK = "link", _("Answered through the link")
    PHONE = "phone", _("Entered by staff from a phone call")
    IN_PERSON = "in_person", _("Entered by staff with the respondent (at a visit)")


class SurveyResponse(models.Model):
    """One person's answers to one survey about one friendship.

    Staff of the friendship's site may read it; evaluators see only figures
    made of many responses (pseudonymous: no name, no friendship, ADR 0055).
    """

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="responses")
    friendship = models.ForeignKey(
        Friendship, on_delete=models.CASCADE, related_name="survey_responses"
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    respondent_key = models.CharField(max_length=30)
    invitation = models.OneToOneField(
        SurveyInvitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="response",
    )
    mode = models.CharField(_("how"), max_length=20, choices=ResponseMode.choices)
    occasion_on = models.DateField(_("occasion"))
    consent_given_at = models.DateTimeField(_("agreed to take part"))
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)
    recorded_by = actor_field(_("entered by"))

    class Meta:
        ordering = ["-answered_at", "-id"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "friendship", "respondent_key"],
                name="one_response_per_person_and_survey",
            )
        ]
        indexes = [models.Index(fields=["site", "occasion_on"], name="survey_response_site")]

    def __str__(self) -> str:
        return f"{self.survey.key} {self.friendship_id} {self.respondent_key}"


class Answer(models.Model):
    """One picked option (a multiple choice gives one row per option) or one free text."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    # The question's stable key, kept here so figures group without reading the questions.
    key = models.SlugField(max_length=40)
    choice = models.CharField(max_length=40, blank=True)
    # A parent's or child's own words may name people or health matters.
    text = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["response", "id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [models.Index(fields=["key", "choice"], name="survey_answer_key_choice")]

    def __str__(self) -> str:
        return f"{self.key}={self.choice}"
