"""Reads for the outbox pages, each within what the user may know (``policies``)."""

from __future__ import annotations

import re

from django.db.models import QuerySet

from hjemtilos.accounts.models import User
from hjemtilos.accounts.policies import is_administrator
from hjemtilos.core.access import fetch_or_refuse
from hjemtilos.messaging import policies
from hjemtilos.messaging.models import DevelopmentSms, Message, MessageStatus
from hjemtilos.organisations.models import Site
from hjemtilos.organisations.selectors import sites_for_staff

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d \-]{6,}\d")
REDACTED = "[…]"


def outbox(
    *,
    user: User,
    channel: str = "",
    status: str = "",
    site: Site | None = None,
    search: str = "",
) -> QuerySet[Message]:
    """The messages ``user`` may see, filtered; texts are not loaded (the list shows none).

    Only staff may search by recipient: an administrator, who sees no addresses,
    must not be able to probe them either.
    """
    qs = (
        policies.visible_messages(user)
        .select_related("to_user", "created_by", "site")
        .defer("body")
    )
    if channel:
        qs = qs.filter(channel=channel)
    if status:
        qs = qs.filter(status=status)
    if site is not None:
        qs = qs.filter(site=site)
    if search and policies.reads_message_contents(user):
        qs = qs.filter(to_address__icontains=search.strip())
    return qs.order_by("-created_at", "-id")


def outbox_sites(user: User) -> list[Site]:
    """The sites the outbox's site filter offers ``user``."""
    if is_administrator(user):
        return list(Site.objects.order_by("name"))
    return list(sites_for_staff(user).order_by("name"))


def failed_count(user: User) -> int:
    """How many of the messages ``user`` sees have failed (the outbox's warning)."""
    return policies.visible_messages(user).filter(status=MessageStatus.FAILED).count()


def message_for_outbox_or_404(*, user: User, pk: int) -> Message:
    """One message of the outbox, to read (staff of its site) or see delivered
    (administrators); other roles 403, another site's message 404."""
    return fetch_or_refuse(
        Message.objects.select_related("to_user", "created_by", "site"),
        user=user,
        pk=pk,
        page=policies.can_view_outbox,
        visible=policies.can_view_message,
    )


def message_for_retry_or_404(*, user: User, pk: int) -> Message:
    """A message to send again: staff of its site (administrators 403)."""
    return fetch_or_refuse(
        Message.objects.all(),
        user=user,
        pk=pk,
        page=policies.can_view_outbox,
        visible=policies.can_view_message,
        allowed=policies.can_retry,
    )


def redact_addresses(text: str) -> str:
    """``text`` (a gateway's error) with e-mail addresses and phone numbers blanked."""
    return _PHONE.sub(REDACTED, _EMAIL.sub(REDACTED, text))


def development_sms(user: User) -> QuerySet[DevelopmentSms]:
    return policies.visible_development_sms(user).order_by("-created_at", "-id")
