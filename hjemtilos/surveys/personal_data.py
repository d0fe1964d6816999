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
    PersonalData,
    Purpose,
    SeenBy,
    Subject,
    Subjects,
    Use,
    register_personal_data,
    register_subject,
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
        PersonalData(
            SurveyResponse,
            subject=Subjects.SURVEY,
            **SURVEY,
            fields=(Field("respondent_key", Category.SURVEY, Action.KEEP),),
        ),
        PersonalData(
            Answer,
            subject=Subjects.SURVEY,
            path="response",
            **SURVEY,
            fields=(
                Field("choice", Category.SURVEY, Action.KEEP),
                Field("text", Category.FREE_TEXT),
            ),
        ),
        PersonalData(
            SurveyInvitation,
            subject=Subjects.FRIENDSHIP,
            path="friendship",
            **SURVEY,
            fields=(
                Field("respondent_key", Category.SURVEY, Action.KEEP),
                Field("guardian", Category.IDENTITY),
                Field("member", Category.IDENTITY),
            ),
        ),
        PersonalData(
            InvitationEvent,
            subject=Subjects.FRIENDSHIP,
            path="invitation__friendship",
            **SURVEY,
            fields=texts("reason"),
        ),
    )
