"""Who a message goes to, and by which channels: one rule for every caller.

A parent may have only a phone (SPEC 2; issue 14): a letter-like message
(referral received, farewell, deletion reminder) goes by e-mail when the person
has an address and by SMS when they have none, and an SMS-first message
(visit reminders) by SMS, falling back to e-mail where an e-mail version of
it exists. Nobody who withdrew their consent to SMS gets one (SPEC 7).
``channels_for`` decides; ``services.message_queue_to_people`` queues.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from hjemtilos.core.phones import normalise_phone_number
from hjemtilos.messaging.models import Channel

if TYPE_CHECKING:
    from hjemtilos.accounts.models import User


@dataclass(frozen=True)
class Recipient:
    """A person the programme writes to, with whatever contact details they have."""

    first_name: str
    email: str
    phone: str
    user: User | None
    language: str
    # Who the person is within a friendship (``member-<pk>``, ``guardian-<pk>``), for
    # records kept per person, such as survey invitations.
    key: str = ""


class Reach(Enum):
    """How a message reaches a person."""

    #: E-mail; SMS when the person has no e-mail address.
    EMAIL_ELSE_SMS = "email_else_sms"
    #: SMS; e-mail when the person has no usable phone number.
    SMS_ELSE_EMAIL = "sms_else_email"
    #: Every channel the person can be reached on.
    EVERY_CHANNEL = "every_channel"


_TEMPLATE_FILE = {Channel.EMAIL: "body", Channel.SMS: "sms"}


@cache
def template_channels(template: str) -> frozenset[Channel]:
    """The channels ``template`` has a text for (``<template>.da.body.txt`` / ``.sms.txt``)."""
    found = set()
    for channel, kind in _TEMPLATE_FILE.items():
        try:
            get_template(f"messaging/messages/{template}.da.{kind}.txt")
        except TemplateDoesNotExist:
            continue
        found.add(channel)
    return frozenset(found)


def usable_phone(phone: str) -> str:
    """The number in its normal form, or "" when it cannot receive an SMS."""
    try:
        return normalise_phone_number(phone) if phone else ""
    except ValidationError:
        return ""


def channels_for(
    person: Recipient, *, template: str, reach: Reach, sms_allowed: bool = True
) -> list[Channel]:
    """The channels ``template`` goes to ``person`` by (empty: they cannot be reached).

    ``sms_allowed`` is false for a person who withdrew their consent to SMS
    (``privacy.selectors.sms_refused_keys``): no SMS goes to them, e-mail still may.
    """
    available = template_channels(template)
    has = {
        Channel.EMAIL: bool(person.email) and Channel.EMAIL in available,
        Channel.SMS: sms_allowed and bool(usable_phone(person.phone)) and Channel.SMS in available,
    }
    if reach is Reach.EVERY_CHANNEL:
        return [channel for channel in (Channel.EMAIL, Channel.SMS) if has[channel]]
    order = (
        (Channel.EMAIL, Channel.SMS)
        if reach is Reach.EMAIL_ELSE_SMS
        else (Channel.SMS, Channel.EMAIL)
    )
    return next(([channel] for channel in order if has[channel]), [])
