"""The outbox's personal data, for ``privacy.registry`` (docs/retention.md).

A message's address and text are kept for the ``messages`` period (to answer
"did you send it?" and to send again), then removed; its kind, channel,
status and times stay for the delivery figures.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hjemtilos.messaging.models import DevelopmentSms, Message, MessageStatus
from hjemtilos.privacy.models import RetentionRule
from hjemtilos.privacy.registry import (
    Basis,
    Category,
    Context,
    Field,
    Purpose,
    SeenBy,
    Shared,
    Subject,
    Subjects,
    register_personal_data,
    register_subject,
    rows_of,
)

MESSAGE: Shared = {
    "subject": Subjects.MESSAGE,
    "purpose": Purpose.MESSAGES,
    "legal_basis": Basis.INTEREST,
    "seen_by": SeenBy.MESSAGES,
}


def messages_due(ctx: Context) -> QuerySet[Any]:
    return Message.objects.filter(
        status__in=(MessageStatus.SENT, MessageStatus.FAILED),
        created_at__lt=ctx.cutoff(RetentionRule.MESSAGES),
    )


def register() -> None:
    register_subject(
        Subject(
            Subjects.MESSAGE,
            Message,
            RetentionRule.MESSAGES,
            _("An e-mail or SMS"),
            messages_due,
            order=80,
        )
    )
    register_personal_data(
        *rows_of(
            MESSAGE,
            (
                Message,
                "",
                (
                    Field("to_address", Category.CONTACT),
                    Field("subject", Category.FREE_TEXT),
                    Field("body", Category.FREE_TEXT),
                    Field("last_error", Category.CONTACT),
                ),
            ),
            (
                DevelopmentSms,
                "message",
                (Field("to", Category.CONTACT), Field("body", Category.FREE_TEXT)),
            ),
        )
    )
