"""How an account message (an invitation) reaches its person.

``accounts`` sits below ``messaging`` (docs/architecture.md, "Layers"), so it
cannot queue an e-mail itself. ``messaging`` registers the delivery in its
``AppConfig.ready``; an account message with no delivery registered is a
configuration error, never a message silently dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from hjemtilos.accounts.models import User


class AccountDelivery(Protocol):
    def __call__(self, *, template: str, to_user: User, context: dict[str, Any]) -> object:
        """Queue the message ``template`` (rendered with ``context``) to ``to_user``."""


_DELIVERY: list[AccountDelivery] = []


def register_account_delivery(delivery: AccountDelivery) -> None:
    """Make ``delivery`` the way account messages are sent (one delivery; the last wins)."""
    _DELIVERY[:] = [delivery]


def account_message_send(*, template: str, to_user: User, context: dict[str, Any]) -> None:
    """Send an account message through the registered delivery, in the caller's transaction."""
    if not _DELIVERY:
        raise ImproperlyConfigured("No delivery for account messages is registered.")
    _DELIVERY[0](template=template, to_user=to_user, context=context)
