"""Reads for the outbox pages."""

from __future__ import annotations

from django.db.models import QuerySet

from hjemtilos.messaging.models import DevelopmentSms, Message


def outbox(*, channel: str = "", status: str = "", search: str = "") -> QuerySet[Message]:
    qs = Message.objects.select_related("to_user", "created_by").defer("body")
    if channel:
        qs = qs.filter(channel=channel)
    if status:
        qs = qs.filter(status=status)
    if search:
        qs = qs.filter(to_address__icontains=search.strip())
    return qs.order_by("-created_at", "-id")


def development_sms() -> QuerySet[DevelopmentSms]:
    return DevelopmentSms.objects.order_by("-created_at", "-id")
