from __future__ import annotations

from typing import TypeVar

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from hjemtilos.messaging.models import DevelopmentSms, Message

_M = TypeVar("_M", bound=models.Model)


class ReadOnlyAdmin(admin.ModelAdmin[_M]):
    """The outbox is a record of what was sent: nobody edits it by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: _M | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: _M | None = None) -> bool:
        return False


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin[Message]):
    list_display = ["created_at", "channel", "to_address", "template", "status", "attempts"]
    list_filter = ["channel", "status", "template"]
    search_fields = ["to_address"]


@admin.register(DevelopmentSms)
class DevelopmentSmsAdmin(ReadOnlyAdmin[DevelopmentSms]):
    list_display = ["created_at", "to", "body"]
