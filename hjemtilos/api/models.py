"""Per-user API tokens for integrations, stored hashed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.models import HashedToken

TOKEN_PREFIX = "hto_"  # noqa: S105 - a marker so leaked keys are recognisable, not a secret


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(HashedToken):
    """A bearer token acting as its user. Only a SHA-256 hash of the secret is kept.

    Each key expires (``settings.API_KEY_DEFAULT_DAYS``, at most
    ``API_KEY_MAX_DAYS``); the daily job ``api.key_expiry_warnings`` tells the
    owner ``API_KEY_WARN_DAYS`` before.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("begins with"), max_length=12)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    # Every key expires: 90 days by default, a year at most (chosen at creation).
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    # When the owner was told the key expires soon (once per key).
    expiry_warned_at = models.DateTimeField(null=True, blank=True)

    token_prefix = TOKEN_PREFIX

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
