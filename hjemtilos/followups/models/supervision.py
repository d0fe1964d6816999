"""Group supervision (*sparring*): online sessions for the volunteer families of a site."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.fields import actor_field
from hjemtilos.organisations.models import Site


class SupervisionSession(models.Model):
    """One online group supervision session at a site, every N months (a site setting)."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="supervision_sessions")
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=90)
    meeting_url = models.URLField(
        _("link to the online meeting"), max_length=500, help_text=_("e.g. a Teams or Zoom link")
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    created_by = actor_field(blank=False)
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("group supervision session")
        verbose_name_plural = _("group supervision sessions")
        indexes = [models.Index(fields=["site", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.site} {self.starts_at:%Y-%m-%d}"


class SupervisionInvitation(models.Model):
    """A volunteer family invited to a session, and whether they came."""

    session = models.ForeignKey(
        SupervisionSession, on_delete=models.CASCADE, related_name="invitations"
    )
    family = models.ForeignKey(
        "volunteers.VolunteerFamily", on_delete=models.CASCADE, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    attendance_recorded_by = actor_field()

    class Meta:
        ordering = ["session", "family__name"]
        verbose_name = _("invitation to supervision")
        verbose_name_plural = _("invitations to supervision")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "family"], name="one_invitation_per_session_family"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session_id} {self.family_id}"
