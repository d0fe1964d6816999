"""Safeguarding's personal data and its holds on anonymisation (docs/retention.md).

Safeguarding records are kept longer than the friendship they belong to
(the ``safeguarding`` period, from the concern's closing). A concern that is
still open, or whose notification the municipality has not acknowledged,
holds back its child, both families, the friendship and the logbook: nothing
a case may still need is anonymised under it, and staff see why.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from hjemtilos.privacy.models import RetentionRule
from hjemtilos.privacy.registry import (
    Basis,
    Category,
    Context,
    Field,
    Hold,
    Purpose,
    SeenBy,
    Shared,
    Subject,
    Subjects,
    register_hold,
    register_personal_data,
    register_subject,
    rows_of,
    texts,
)
from hjemtilos.safeguarding.models import (
    AdvisoryTask,
    Concern,
    ConcernAssessment,
    ConcernEvent,
    ConcernStatus,
    Inquiry,
    Notification,
    NotificationDocument,
    NotificationStatus,
)

CONCERN: Shared = {
    "subject": Subjects.CONCERN,
    "purpose": Purpose.SAFEGUARDING,
    "legal_basis": Basis.DUTY,
    "seen_by": SeenBy.CONCERN,
}


def concerns_due(ctx: Context) -> QuerySet[Any]:
    return Concern.objects.filter(
        status=ConcernStatus.CLOSED,
        status_changed_at__lt=ctx.cutoff(RetentionRule.SAFEGUARDING),
    )


def open_concerns() -> QuerySet[Concern]:
    return Concern.objects.exclude(status=ConcernStatus.CLOSED)


def unacknowledged() -> QuerySet[Concern]:
    """Concerns with a notification sent and not yet acknowledged by the municipality."""
    return Concern.objects.filter(
        Exists(
            Notification.objects.filter(
                concern=OuterRef("pk"),
                status=NotificationStatus.SENT,
                acknowledged_on__isnull=True,
            )
        )
    )


# subject → the lookup from a concern to it
HELD = {
    Subjects.CHILD: "friendship__child_id",
    Subjects.BIRTH_FAMILY: "friendship__child__family_id",
    Subjects.VOLUNTEER_FAMILY: "friendship__family_id",
    Subjects.FRIENDSHIP: "friendship_id",
    Subjects.LOGBOOK: "friendship_id",
    Subjects.CONCERN: "pk",
}


def _hold(subject: str, concerns: Any, lookup: str) -> Any:
    return lambda: concerns().values(lookup)


def register() -> None:
    register_subject(
        Subject(
            Subjects.CONCERN,
            Concern,
            RetentionRule.SAFEGUARDING,
            _("A concern about a child"),
            concerns_due,
            site="friendship__site",
            order=60,
        )
    )
    for subject, lookup in HELD.items():
        register_hold(
            Hold(
                subject, _("An open concern about the child"), _hold(subject, open_concerns, lookup)
            )
        )
        register_hold(
            Hold(
                subject,
                _("A notification awaits the municipality's acknowledgement"),
                _hold(subject, unacknowledged, lookup),
            )
        )
    register_personal_data(
        *rows_of(
            CONCERN,
            (
                Concern,
                "",
                (Field("observed", Category.FREE_TEXT), Field("observed_by", Category.IDENTITY)),
            ),
            (ConcernAssessment, "concern", texts("known", "child_statements", "reasons")),
            (
                Notification,
                "concern",
                texts(
                    "observations",
                    "child_statements",
                    "assessment_text",
                    "actions",
                    "involvement",
                    "last_error",
                ),
            ),
            (NotificationDocument, "notification__concern", texts("content")),
            (ConcernEvent, "concern", texts("note")),
            (AdvisoryTask, "concern", texts("outcome")),
        ),
        *rows_of(
            {
                "subject": Subjects.FRIENDSHIP,
                "purpose": Purpose.SAFEGUARDING,
                "legal_basis": Basis.INTEREST,
                "seen_by": SeenBy.CASE,
            },
            (
                Inquiry,
                "friendship",
                (
                    Field("from_name", Category.IDENTITY),
                    *texts("description", "advice", "outcome_note"),
                ),
            ),
        ),
    )
