"""The follow-up calendar (*årshjul*): a site's plan template and each friendship's plan.

A template item says what to do, with whom, and when relative to an anchor
of the friendship (the match, the first meeting, the first solo visit, or
the anniversary). When a friendship reaches an anchor, the items anchored
there become tasks for its contact person. Staff edit the template per
site; running friendships keep the tasks they were given unless staff
re-apply the template (which starts a new *generation* of the plan).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.fields import LimitedTextField, actor_field
from hjemtilos.followups.models.tasks import FollowUpKind, ShownTo
from hjemtilos.organisations.models import Site


class PlanAnchor(models.TextChoices):
    MATCH_FOUND = "match_found", _("The match is found")
    FIRST_MEETING = "first_meeting", _("The first meeting")
    FIRST_SOLO_VISIT = "first_solo_visit", _("The first solo visit (the year starts)")
    ANNIVERSARY = "anniversary", _("The anniversary")


class WithWhom(models.TextChoices):
    PARENT = "parent", _("The parent")
    VOLUNTEER_FAMILY = "volunteer_family", _("The volunteer family")
    BOTH = "both", _("Both families")
    CHILD = "child", _("The child (and the parent)")


class PlanTemplateItem(models.Model):
    """One step of a site's follow-up calendar."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="plan_items")
    kind = models.CharField(_("kind"), max_length=30, choices=FollowUpKind.choices)
    title = models.CharField(_("task"), max_length=200)
    description = LimitedTextField(_("what to do"), blank=True)
    with_whom = models.CharField(_("with whom"), max_length=20, choices=WithWhom.choices)
    anchor = models.CharField(_("counted from"), max_length=20, choices=PlanAnchor.choices)
    offset_months = models.SmallIntegerField(
        _("months after"), default=0, validators=[MinValueValidator(-12), MaxValueValidator(24)]
    )
    offset_days = models.SmallIntegerField(
        _("days after"),
        default=0,
        validators=[MinValueValidator(-90), MaxValueValidator(365)],
        help_text=_("Negative for before, e.g. −7 for a week before."),
    )
    shown_to = models.CharField(
        _("shown in the calendar of"), max_length=10, choices=ShownTo.choices, blank=True
    )
    family_title = models.CharField(
        _("title for the families"),
        max_length=200,
        blank=True,
        help_text=_("What the families read in their calendar, e.g. “We phone you”."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    updated_by = actor_field()
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["site", "position", "id"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")

    def __str__(self) -> str:
        return self.title


class FollowUpPlan(models.Model):
    """A friendship's follow-up plan: which generation of the template it follows."""

    friendship = models.OneToOneField(
        "friendships.Friendship", on_delete=models.CASCADE, related_name="follow_up_plan"
    )
    generation = models.PositiveSmallIntegerField(default=1)
    applied_at = models.DateTimeField(default=timezone.now)
    applied_by = actor_field()

    class Meta:
        verbose_name = _("follow-up plan")
        verbose_name_plural = _("follow-up plans")

    def __str__(self) -> str:
        return f"Plan {self.friendship_id} g{self.generation}"
