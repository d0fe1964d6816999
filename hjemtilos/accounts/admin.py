"""Accounts in the Django admin: read-only, without passwords or second-factor secrets.

Administrators manage people in our own pages (``accounts:users``), through
services that record a reason; the admin only lets them look people up (the
sites' staff memberships choose users from here). No device model is shown:
an authenticator's secret and backup codes are seen by nobody
(docs/decisions/0008-administrators-and-the-django-admin.md).
"""

from __future__ import annotations

from typing import TypeVar

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice

from hjemtilos.accounts.models import Invitation, User

_M = TypeVar("_M", bound=models.Model)


class ReadOnlyAdmin(admin.ModelAdmin[_M]):
    """Shown, never added, changed or deleted here."""

    def has_view_permission(self, request: HttpRequest, obj: _M | None = None) -> bool:
        # The admin site lets only administrators with a fresh second factor in.
        return True

    def has_module_permission(self, request: HttpRequest) -> bool:
        return True

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: _M | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: _M | None = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(ReadOnlyAdmin[User]):
    ordering = ["email"]
    list_display = ["email", "phone", "first_name", "last_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    # The password hash, the session generation and Django's permission flags
    # are left out: nothing to read there, and nothing to set.
    fields = [
        "email",
        "phone",
        "first_name",
        "last_name",
        "role",
        "municipality",
        "preferred_language",
        "is_active",
        "last_login",
        "date_joined",
    ]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin[Invitation]):
    list_display = ["user", "channel", "invited_by", "created_at", "expires_at", "accepted_at"]
    list_select_related = ["user", "invited_by"]
    fields = ["user", "invited_by", "site", "channel", "created_at", "expires_at", "accepted_at"]
    readonly_fields = ["created_at"]


# django-otp registers its backup-code device (with the codes) in the admin.
if admin.site.is_registered(StaticDevice):
    admin.site.unregister(StaticDevice)
