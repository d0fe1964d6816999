from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hjemtilos.messaging.models import DevelopmentSms, Message


class ReadOnlyAdmin(admin.ModelAdmin):
    """The outbox is a record of what was sent: nobody edits it by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "channel", "to_address", "template", "status", "attempts"]
    list_filter = ["channel", "status", "template"]
    search_fields = ["to_address"]


@admin.register(DevelopmentSms)
class DevelopmentSmsAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "to", "body"]
