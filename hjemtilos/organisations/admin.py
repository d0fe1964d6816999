from __future__ import annotations

from typing import TypeVar

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from hjemtilos.organisations.models import (
    Municipality,
    PostalCode,
    Site,
    SiteMembership,
    SiteTarget,
)

_M = TypeVar("_M", bound=models.Model)


class ReferenceDataAdmin(admin.ModelAdmin[_M]):
    """Reference data is loaded by migration: it is looked up, never added or deleted here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: _M | None = None) -> bool:
        return False


@admin.register(Municipality)
class MunicipalityAdmin(ReferenceDataAdmin[Municipality]):
    list_display = ["code", "name", "region"]
    search_fields = ["name", "code"]
    list_filter = ["region"]


@admin.register(PostalCode)
class PostalCodeAdmin(ReferenceDataAdmin[PostalCode]):
    list_display = ["code", "name", "municipality"]
    list_select_related = ["municipality"]
    search_fields = ["code", "name"]


class SiteMembershipInline(admin.TabularInline[SiteMembership, Site]):
    model = SiteMembership
    autocomplete_fields = ["user"]
    extra = 0


class SiteTargetInline(admin.TabularInline[SiteTarget, Site]):
    model = SiteTarget
    extra = 0


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin[Site]):
    list_display = ["name", "municipality", "child_min_age", "child_max_age", "is_active"]
    list_select_related = ["municipality"]
    search_fields = ["name"]
    autocomplete_fields = ["municipality"]
    inlines = [SiteMembershipInline, SiteTargetInline]
