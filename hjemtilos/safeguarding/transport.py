"""The e-mail transport for notifications to municipalities, configured per deployment.

A notification carries the most sensitive data the system holds, so it may
go through its own mail server: a secure relay the charity has agreed with
the municipalities (forced TLS, or the charity's *sikker mail* gateway).
Every ``SAFEGUARDING_EMAIL_*`` setting left empty falls back to the general
``EMAIL_*`` one; with no ``SAFEGUARDING_EMAIL_HOST`` the general connection
is used as it is. The settings are described in the README ("Configuration").

The message itself says nothing about the child: the subject names our
reference, the body asks for the acknowledgement, and everything else is in
the attached PDF. Replies go to the advisory team's shared mailbox
(``SAFEGUARDING_EMAIL_REPLY_TO``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import make_msgid
from django.template.loader import render_to_string
from django.utils import translation

if TYPE_CHECKING:
    from hjemtilos.safeguarding.models import Notification

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def connection() -> BaseEmailBackend:
    """The connection notifications are sent through (see the module's docstring)."""
    host = settings.SAFEGUARDING_EMAIL_HOST
    if not host:
        return get_connection()
    security = settings.SAFEGUARDING_EMAIL_SECURITY
    return get_connection(
        SMTP_BACKEND,
        host=host,
        port=settings.SAFEGUARDING_EMAIL_PORT or settings.EMAIL_PORT,
        username=settings.SAFEGUARDING_EMAIL_HOST_USER,
        password=settings.SAFEGUARDING_EMAIL_HOST_PASSWORD,
        use_tls=security == "starttls",
        use_ssl=security == "ssl",
        timeout=settings.EMAIL_TIMEOUT,
    )


def attachment_name(notification: Notification) -> str:
    return f"underretning-{notification.reference}.pdf"


def send_notification(notification: Notification) -> str:
    """Send ``notification`` with its kept PDF attached; returns the message's Message-ID.

    Notifications go out in Danish: they are official letters to a Danish
    authority, whatever language the sender reads the system in.
    """
    context = {"notification": notification, "reply_to": settings.SAFEGUARDING_EMAIL_REPLY_TO}
    with translation.override("da"):
        subject = " ".join(
            render_to_string("safeguarding/email/notification_subject.txt", context).split()
        )
        body = render_to_string("safeguarding/email/notification_body.txt", context)
    reply_to = settings.SAFEGUARDING_EMAIL_REPLY_TO
    # Our own Message-ID, kept with the notification: the municipality's reply refers to it.
    message_id = make_msgid(idstring=notification.reference)
    email = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.SAFEGUARDING_EMAIL_FROM or settings.DEFAULT_FROM_EMAIL,
        to=[notification.to_address],
        reply_to=[reply_to] if reply_to else None,
        headers={"Message-ID": message_id},
        connection=connection(),
    )
    email.attach(attachment_name(notification), notification.document.pdf, "application/pdf")
    email.send()
    return message_id
