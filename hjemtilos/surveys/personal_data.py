"""The surveys' personal data, for ``privacy.registry`` (docs/retention.md).

An answer is kept (the outcome figures pair a person's start and end answers
by ``respondent_key``, a pseudonym naming a parent or household member row
that is itself anonymised with its family); free-text answers, which may name
someone, are removed after the ``survey`` period.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hjemtilos.privacy.models import RetentionRule
from hjemtilos.privacy.registry import (
    Action,
    Basis,
    Category,
    Context,
    Field,
    Purpose,
    SeenBy,
    Subject,
    Subjects,
    Use,
    register_personal_data,
    register_subject,
    rows_of,
    texts,
)
from hjemtilos.surveys.models import Answer, InvitationEvent, SurveyInvitation, SurveyResponse

SURVEY: Use = {
    "purpose": Purpose.EVALUATION,
    "legal_basis": Basis.SURVEY,
    "seen_by": SeenBy.SURVEY,
}


def responses_due(ctx: Context) -> QuerySet[Any]:
    return SurveyResponse.objects.filter(answered_at__lt=ctx.cutoff(RetentionRule.SURVEY))


def register() -> None:
    register_subject(
        Subject(
            Subjects.SURVEY,
            SurveyResponse,
            RetentionRule.SURVEY,
            _("A survey response"),
            responses_due,
            order=70,
        )
    )
    register_personal_data(
        *rows_of(
            {**SURVEY, "subject": Subjects.SURVEY},
            (SurveyResponse, "", (Field("respondent_key", Category.SURVEY, Action.KEEP),)),
            (
                Answer,
                "response",
                (Field("choice", Category.SURVEY, Action.KEEP), Field("text", Category.FREE_TEXT)),
            ),
        ),
        *rows_of(
            {**SURVEY, "subject": Subjects.FRIENDSHIP},
            (
                SurveyInvitation,
                "friendship",
                (
                    Field("respondent_key", Category.SURVEY, Action.KEEP),
                    Field("guardian", Category.IDENTITY),
                    Field("member", Category.IDENTITY),
                ),
            ),
            (InvitationEvent, "invitation__friendship", texts("reason")),
        ),
    )
