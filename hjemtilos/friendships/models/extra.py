"""Extra visits, birthdays and outings beside the weekly visit.

In the first three months only the weekly visit: an extra visit or an
invitation in that period waits until the family has talked with the
contact person (seed ``001``, FAQ "Må vi se barnet udover den ugentlige
aftale?"). After that the families add them themselves. They are not
weekly visits: the stability counters never count them
(docs/decisions/0061-the-first-three-months-and-extra-visits.md).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.fields import LimitedTextField, actor_field
from hjemtilos.core.models import StatusEvent, status_fields
from hjemtilos.friendships.models.friendship import Friendship
from hjemtilos.friendships.models.visits import Side


class ExtraVisitKind(models.TextChoices):
    VISIT = "visit", _("An extra visit")
    BIRTHDAY = "birthday", _("A birthday")
    OUTING = "outing", _("An outing")


class ExtraVisitStatus(models.TextChoices):
    ASKED = "asked", _("Waiting for a talk with the contact person")
    PLANNED = "planned", _("Planned")
    NOT_NOW = "not_now", _("Not now")
    CANCELLED = "cancelled", _("Cancelled")


class ExtraVisit(models.Model):
    """A visit, birthday or outing one family suggests beside the weekly visit."""

    friendship = models.ForeignKey(
        Friendship, on_delete=models.CASCADE, related_name="extra_visits"
    )
    kind = models.CharField(_("what"), max_length=10, choices=ExtraVisitKind.choices)
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    description = models.CharField(
        _("a few words"),
        max_length=300,
        blank=True,
        help_text=_("e.g. “Our daughter's birthday with the grandparents”"),
    )
    proposed_by = models.CharField(_("suggested by"), max_length=20, choices=Side.choices)
    status = models.CharField(_("status"), max_length=20, choices=ExtraVisitStatus.choices)
    created_by = actor_field(blank=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("extra visit")
        verbose_name_plural = _("extra visits")
        indexes = [models.Index(fields=["friendship", "date"])]

    def __str__(self) -> str:
        return f"{self.friendship_id} {self.kind} {self.date}"


class ExtraVisitEvent(StatusEvent):
    """One step of an extra visit: suggested, agreed, not now, cancelled."""

    extra_visit = models.ForeignKey(ExtraVisit, on_delete=models.CASCADE, related_name="events")
    from_status, to_status = status_fields(ExtraVisitStatus)
    reason = LimitedTextField(blank=True)

    class Meta(StatusEvent.Meta):
        verbose_name = _("extra visit step")
        verbose_name_plural = _("extra visit steps")
