"""The logbook (*logbog*): the volunteer family's note after each visit, screened by staff."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.fields import EncryptedTextField, actor_field
from hjemtilos.friendships.models.friendship import Friendship
from hjemtilos.friendships.models.visits import Visit


class Rating(models.IntegerChoices):
    VERY_BADLY = 1, _("Very badly")
    BADLY = 2, _("Not so well")
    OK = 3, _("OK")
    WELL = 4, _("Well")
    VERY_WELL = 5, _("Very well")


class Mood(models.TextChoices):
    HAPPY = "happy", _("Happy")
    CONTENT = "content", _("Content")
    MIXED = "mixed", _("Up and down")
    SAD = "sad", _("Sad")
    UPSET = "upset", _("Upset or restless")


class LogbookTag(models.TextChoices):
    """Quick tags for what the family and the child did."""

    COOKING = "cooking", _("Cooking or baking")
    DINNER = "dinner", _("Dinner together")
    OUTDOORS = "outdoors", _("Outdoors")
    PLAY = "play", _("Play")
    GAMES = "games", _("Board games")
    CREATIVE = "creative", _("Drawing or crafts")
    SPORT = "sport", _("Sport or swimming")
    READING = "reading", _("Reading or homework")
    ANIMALS = "animals", _("Pets and animals")
    FILM = "film", _("Film or TV")
    OUTING = "outing", _("An outing")
    OUR_CHILDREN = "our_children", _("With our children")


class LogbookEntry(models.Model):
    """The volunteer family's note after a visit (*logbog*), screened weekly by staff."""

    friendship = models.ForeignKey(
        Friendship, on_delete=models.CASCADE, related_name="logbook_entries"
    )
    visit = models.OneToOneField(
        Visit, on_delete=models.SET_NULL, null=True, blank=True, related_name="logbook_entry"
    )
    written_by = actor_field(blank=False)
    written_at = models.DateTimeField(_("written"), default=timezone.now)
    rating = models.PositiveSmallIntegerField(
        _("how it went"),
        choices=Rating.choices,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    mood = models.CharField(_("the child's mood"), max_length=10, choices=Mood.choices, blank=True)
    tags = models.JSONField(_("what we did"), default=list, blank=True)
    # What the child did and said can reveal health and family matters.
    text = EncryptedTextField(_("how the visit went"), blank=True)
    needs_follow_up = models.BooleanField(_("staff should follow up"), default=False)
    follow_up_text = EncryptedTextField(_("what staff should follow up on"), blank=True)
    # Overnight stays are not allowed in the Hjem til Os year; "yes" alerts staff.
    overnight_stay = models.BooleanField(_("the child stayed overnight"), null=True, blank=True)
    worried = models.BooleanField(_("worried about the child"), default=False)
    screened_at = models.DateTimeField(_("screened"), null=True, blank=True)
    screened_by = actor_field()
    follow_up_task = models.ForeignKey(
        "followups.FollowUpTask",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-written_at"]
        verbose_name = _("logbook entry")
        verbose_name_plural = _("logbook entries")
        indexes = [
            models.Index(fields=["friendship", "-written_at"]),
            models.Index(fields=["screened_at"]),
            # The reports count the entries written in a month or two of every site.
            models.Index(fields=["written_at"], name="logbook_written_at"),
            models.Index(
                fields=["written_at"],
                condition=models.Q(screened_at__isnull=True),
                name="logbook_unscreened",
            ),
            # The screening queue of one site: its friendships' unscreened entries, without
            # reading every site's unscreened entries first.
            models.Index(
                fields=["friendship", "written_at"],
                condition=models.Q(screened_at__isnull=True),
                name="logbook_unscreened_friendship",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.friendship_id} {self.written_at:%Y-%m-%d}"

    @property
    def tag_labels(self) -> list[str]:
        labels = dict(LogbookTag.choices)
        return [str(labels.get(tag, tag)) for tag in self.tags]
