"""Reads for the outbox pages."""

from __future__ import annotations

from django.db.models import QuerySet

from hjemtilos.accounts.models import User
from hjemtilos.core.access import fetch_or_refuse
from hjemtilos.messaging import policies
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


def message_for_outbox_or_404(*, user: User, pk: int) -> Message:
    """One message of the outbox, to read or send again (other roles 403)."""
    return fetch_or_refuse(
        Message.objects.select_related("to_user", "created_by"),
        user=user,
        pk=pk,
        page=policies.can_view_outbox,
    )


def development_sms() -> QuerySet[DevelopmentSms]:
    return DevelopmentSms.objects.order_by("-created_at", "-id")
