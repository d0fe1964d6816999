"""How an account message (an invitation, a password-reset link) reaches its person.

``accounts`` sits below ``messaging`` (docs/architecture.md, "Layers"), so it
cannot queue an e-mail or an SMS itself. ``messaging`` registers one delivery
per channel in its ``AppConfig.ready``; an account message with no delivery
registered for its channel is a configuration error, never a message
silently dropped.

A message goes by e-mail to a person who has an e-mail address and by SMS to
one who has only a phone (a parent may have only a phone).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, Protocol

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from hjemtilos.accounts.models import User

Channel = Literal["email", "sms"]
EMAIL: Channel = "email"
SMS: Channel = "sms"


class AccountDelivery(Protocol):
    def __call__(self, *, template: str, to_user: User, context: dict[str, Any]) -> object:
        """Queue the message ``template`` (rendered with ``context``) to ``to_user``."""


_DELIVERY: dict[Channel, AccountDelivery] = {}


def register_account_delivery(delivery: AccountDelivery, *, channel: Channel = EMAIL) -> None:
    """Make ``delivery`` the way account messages go out on ``channel`` (the last one wins)."""
    _DELIVERY[channel] = delivery


def account_channel(user: User) -> Channel:
    """E-mail for a person with an address, SMS for one with only a phone."""
    if user.email:
        return EMAIL
    if user.phone:
        return SMS
    raise ValidationError(_("Give an e-mail address or a mobile number to send the message to."))


def account_message_send(*, template: str, to_user: User, context: dict[str, Any]) -> Channel:
    """Send an account message through the registered delivery, in the caller's transaction.

    Returns the channel it went by. The template must exist for both channels.
    """
    channel = account_channel(to_user)
    delivery = _DELIVERY.get(channel)
    if delivery is None:
        raise ImproperlyConfigured(f"No delivery for account messages by {channel} is registered.")
    delivery(template=template, to_user=to_user, context=context)
    return channel
