"""Who may see the outbox, and how much of it (need-to-know, SPEC 2 and 5).

Staff read the messages of their own sites: recipient, subject, text and
delivery, and may send a failed one again. Administrators run the system:
they see every message's delivery (channel, template, site, status, attempts,
the gateway's error with addresses blanked) but never a text, a subject or an
address. Nobody else sees the outbox. A message with no site (an account
invitation) is seen by administrators only.
"""

from __future__ import annotations

from django.db.models import QuerySet

from hjemtilos.accounts.models import Role, User
from hjemtilos.accounts.policies import can_view_message_outbox, has_role
from hjemtilos.messaging.models import DevelopmentSms, Message
from hjemtilos.organisations.selectors import site_ids_for_staff


def can_view_outbox(user: User) -> bool:
    return can_view_message_outbox(user)


def reads_message_contents(user: User) -> bool:
    """Staff read texts and addresses (of their sites); administrators only delivery."""
    return has_role(user, Role.STAFF)


def visible_messages(user: User) -> QuerySet[Message]:
    """The messages ``user`` may know of, as a queryset."""
    if has_role(user, Role.STAFF):
        return Message.objects.filter(site_id__in=site_ids_for_staff(user))
    if has_role(user, Role.ADMINISTRATOR):
        return Message.objects.all()
    return Message.objects.none()


def can_view_message(user: User, message: Message) -> bool:
    if has_role(user, Role.STAFF):
        return message.site_id in site_ids_for_staff(user)
    return has_role(user, Role.ADMINISTRATOR)


def can_read_message(user: User, message: Message) -> bool:
    """The text, subject and address of ``message``: staff of its site only."""
    return has_role(user, Role.STAFF) and message.site_id in site_ids_for_staff(user)


def can_retry(user: User, message: Message) -> bool:
    return can_read_message(user, message)


def can_retry_failed(user: User) -> bool:
    """Send all of one's sites' failed messages again."""
    return has_role(user, Role.STAFF)


def can_view_development_sms(user: User) -> bool:
    return has_role(user, Role.STAFF)


def visible_development_sms(user: User) -> QuerySet[DevelopmentSms]:
    if not can_view_development_sms(user):
        return DevelopmentSms.objects.none()
    return DevelopmentSms.objects.filter(message__site_id__in=site_ids_for_staff(user))
