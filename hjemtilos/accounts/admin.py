from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hjemtilos.accounts.models import Invitation, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "municipality", "is_active"]
    list_filter = ["role", "is_active"]
    list_select_related = ["municipality"]
    search_fields = ["email", "first_name", "last_name"]
    autocomplete_fields = ["municipality"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "phone", "preferred_language")}),
        (_("Role"), {"fields": ("role", "municipality", "is_active")}),
        (_("Admin site"), {"fields": ("is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {"fields": ("email", "first_name", "role", "municipality", "password1", "password2")},
        ),
    )


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    list_display = ["user", "invited_by", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_select_related = ["user", "invited_by"]
    readonly_fields = ["user", "invited_by", "token_hash", "created_at", "accepted_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Invitations are made by staff in the app, which sends the link.
        return False
