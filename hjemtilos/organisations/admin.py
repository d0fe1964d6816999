from django.contrib import admin

from hjemtilos.organisations.models import (
    Municipality,
    PostalCode,
    Site,
    SiteMembership,
    SiteTarget,
)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region"]
    search_fields = ["name", "code"]
    list_filter = ["region"]

    def has_add_permission(self, request, obj=None):  # reference data, loaded by migration
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PostalCode)
class PostalCodeAdmin(MunicipalityAdmin):
    list_display = ["code", "name", "municipality"]
    list_filter = []
    list_select_related = ["municipality"]
    search_fields = ["code", "name"]


class SiteMembershipInline(admin.TabularInline):
    model = SiteMembership
    autocomplete_fields = ["user"]
    extra = 0


class SiteTargetInline(admin.TabularInline):
    model = SiteTarget
    extra = 0


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "child_min_age", "child_max_age", "is_active"]
    list_select_related = ["municipality"]
    search_fields = ["name"]
    autocomplete_fields = ["municipality"]
    inlines = [SiteMembershipInline, SiteTargetInline]
