"""Who may see the outbox: programme staff and administrators (the charity's own sending)."""

from __future__ import annotations

from hjemtilos.accounts.models import User
from hjemtilos.accounts.policies import can_view_message_outbox


def can_view_outbox(user: User) -> bool:
    return can_view_message_outbox(user)


def can_retry(user: User) -> bool:
    return can_view_message_outbox(user)


def can_view_development_sms(user: User) -> bool:
    return can_view_message_outbox(user)
