"""The data subjects' requests as personal data, for ``privacy.registry`` (docs/retention.md).

A request for access, rectification or erasure is the charity's proof that it
answered (GDPR Art. 5(2)): it is kept as long as the audit log, then the
person's name and what they wrote are removed; the kind, dates and decision
stay for the figures.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hjemtilos.privacy.models import RequestStatus, RetentionRule, RightsRequest, RightsRequestEvent
from hjemtilos.privacy.registry import (
    ANONYMISED,
    Action,
    Category,
    Context,
    Field,
    SeenBy,
    Shared,
    Subject,
    Subjects,
    register_personal_data,
    register_subject,
    rows_of,
    texts,
)

REQUEST: Shared = {
    "subject": Subjects.RIGHTS_REQUEST,
    "purpose": _("Answering a person's request about their data (GDPR Art. 15-17)"),
    "legal_basis": _("GDPR Art. 6(1)(c): the duty to answer and to show it was answered"),
    "seen_by": SeenBy.STAFF,
}


def requests_due(ctx: Context) -> QuerySet[Any]:
    return RightsRequest.objects.filter(
        status=RequestStatus.DONE, done_at__lt=ctx.cutoff(RetentionRule.AUDIT)
    )


def register() -> None:
    register_subject(
        Subject(
            Subjects.RIGHTS_REQUEST,
            RightsRequest,
            RetentionRule.AUDIT,
            _("A data subject's request, once answered"),
            requests_due,
            order=95,
        )
    )
    register_personal_data(
        *rows_of(
            REQUEST,
            (
                RightsRequest,
                "",
                (
                    Field("subject_name", Category.IDENTITY, Action.REPLACE, ANONYMISED),
                    Field("requested_by", Category.IDENTITY, Action.REPLACE, ANONYMISED),
                    *texts("identity_check", "details", "decision_reason", "delivered_how"),
                ),
            ),
            (RightsRequestEvent, "request", texts("note")),
        )
    )
