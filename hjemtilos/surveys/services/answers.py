"""Writes of responses: answers through the personal link, entered by staff, the child's voice.

Every way in checks the answers against the version's questions the same way
(``answers_build``): a required question must be answered, a picked answer must
be one of the question's options, free text has a length limit.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import User
from hjemtilos.followups.models import FollowUpKind
from hjemtilos.followups.services import follow_up_tasks_complete_open
from hjemtilos.friendships.models import Friendship
from hjemtilos.surveys.models import (
    TEXT_ANSWER_MAX_LENGTH,
    Answer,
    InvitationStatus,
    Question,
    ResponseMode,
    Survey,
    SurveyInvitation,
    SurveyResponse,
    SurveyVersion,
)
from hjemtilos.surveys.scales import SCALES, QuestionKind
from hjemtilos.surveys.selectors import current_version
from hjemtilos.surveys.services.invitations import invitation_transition

#: The child's voice is recorded once per friendship: the child is its one respondent.
CHILD_RESPONDENT = "child"


def _allowed_choices(question: Question) -> list[str]:
    scale = SCALES.get(question.kind)
    return scale.keys() if scale else [o["key"] for o in question.options]


def answers_build(
    *, version: SurveyVersion, answers: Mapping[str, Any], questions: list[Question] | None = None
) -> list[Answer]:
    """The answer rows for ``answers`` (question key → option key, list of keys, or text).

    Raises ``ValidationError`` keyed by question key for an unanswered required
    question, an option the question does not have, or a text that is too long.
    """
    questions = questions if questions is not None else list(version.questions.all())
    errors: dict[str, str] = {}
    rows: list[Answer] = []
    for question in questions:
        value = answers.get(question.key)
        if question.kind == QuestionKind.TEXT:
            text = str(value or "").strip()
            if len(text) > TEXT_ANSWER_MAX_LENGTH:
                errors[question.key] = _("Write at most %(limit)d characters.") % {
                    "limit": TEXT_ANSWER_MAX_LENGTH
                }
            elif text:
                rows.append(Answer(question=question, key=question.key, text=text))
            elif question.required:
                errors[question.key] = _("Answer this question.")
            continue
        picked = [value] if isinstance(value, str) else list(value or [])
        picked = [str(p) for p in picked if p]
        if question.kind != QuestionKind.MULTIPLE and len(picked) > 1:
            errors[question.key] = _("Choose one answer.")
            continue
        allowed = _allowed_choices(question)
        if any(p not in allowed for p in picked):
            errors[question.key] = _("Choose one of the answers shown.")
            continue
        if not picked:
            if question.required:
                errors[question.key] = _("Answer this question.")
            continue
        # In the options' order, once each.
        rows.extend(
            Answer(question=question, key=question.key, choice=choice)
            for choice in allowed
            if choice in picked
        )
    if errors:
        raise ValidationError(errors, code="answers")
    return rows


def _save(response: SurveyResponse, rows: list[Answer]) -> SurveyResponse:
    # The foreign keys are the caller's loaded objects: not looked up again.
    response.full_clean(
        exclude=[f.name for f in SurveyResponse._meta.concrete_fields if f.is_relation],
        validate_constraints=False,
    )
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError as error:
        raise ValidationError(
            _("This person has answered this survey already."), code="answered"
        ) from error
    for row in rows:
        row.response = response
    # One insert for the rows; the response itself is the audited record.
    Answer.objects.bulk_create(rows)
    return response


def _invitation_for_update(invitation: SurveyInvitation) -> SurveyInvitation:
    return (
        SurveyInvitation.objects.select_for_update()
        .select_related("version", "survey")
        .get(pk=invitation.pk)
    )


def _response_to(
    invitation: SurveyInvitation,
    *,
    mode: str,
    consent_given_at: datetime,
    recorded_by: User | None = None,
) -> SurveyResponse:
    """The response answering ``invitation``: for its survey version, friendship and respondent."""
    return SurveyResponse(
        survey=invitation.survey,
        version=invitation.version,
        friendship_id=invitation.friendship_id,
        site_id=invitation.site_id,
        respondent_key=invitation.respondent_key,
        invitation=invitation,
        mode=mode,
        occasion_on=invitation.occasion_on,
        consent_given_at=consent_given_at,
        recorded_by=recorded_by,
    )


@transaction.atomic
def response_submit(*, invitation: SurveyInvitation, answers: Mapping[str, Any]) -> SurveyResponse:
    """The respondent's answers through the personal link (consent given on the first page)."""
    invitation = _invitation_for_update(invitation)
    if invitation.status == InvitationStatus.ANSWERED:
        raise ValidationError(_("This survey has been answered already. Thank you!"), code="done")
    if not invitation.is_open or invitation.expires_at <= timezone.now():
        raise ValidationError(_("This link can no longer be used."), code="closed")
    if invitation.consented_at is None:
        raise ValidationError(_("Say whether you want to take part first."), code="consent")
    rows = answers_build(version=invitation.version, answers=answers)
    response = _save(
        _response_to(invitation, mode=ResponseMode.LINK, consent_given_at=invitation.consented_at),
        rows,
    )
    invitation_transition(invitation=invitation, to_status=InvitationStatus.ANSWERED, by=None)
    return response


@transaction.atomic
def response_record_for_invitation(
    *,
    invitation: SurveyInvitation,
    by: User,
    answers: Mapping[str, Any],
    consent: bool,
    mode: str = ResponseMode.PHONE,
) -> SurveyResponse:
    """Staff enter the answers given on the phone (or in person) for an invitation.

    The person's spoken consent is recorded; the invitation counts as answered,
    whatever its status was (a parent who declined the link may still choose to
    answer on the phone).
    """
    invitation = _invitation_for_update(invitation)
    if invitation.status == InvitationStatus.ANSWERED:
        raise ValidationError(_("This survey has been answered already."), code="done")
    if mode not in (ResponseMode.PHONE, ResponseMode.IN_PERSON):
        raise ValidationError({"mode": _("Choose how the answers were given.")}, code="mode")
    if not consent:
        raise ValidationError(
            {"consent": _("Record that the person agreed to take part, or do not enter answers.")},
            code="consent",
        )
    rows = answers_build(version=invitation.version, answers=answers)
    now = timezone.now()
    response = _save(
        _response_to(invitation, mode=mode, consent_given_at=now, recorded_by=by),
        rows,
    )
    invitation_transition(
        invitation=invitation, to_status=InvitationStatus.ANSWERED, by=by, consented_at=now
    )
    return response


def child_voice_survey() -> Survey | None:
    return Survey.objects.filter(audience="child").order_by("position", "id").first()


@transaction.atomic
def child_voice_record(
    *,
    friendship: Friendship,
    by: User,
    answers: Mapping[str, Any],
    consent: bool,
    visited_on: date,
) -> SurveyResponse:
    """Staff record the child's own answers at the child visit (*børnebesøg*).

    The child agreed to answer (staff ask, the child may say no); the open
    child-visit task of the friendship is completed with it.
    """
    survey = child_voice_survey()
    version = current_version(survey) if survey else None
    if survey is None or version is None:
        raise ValidationError(_("There is no published survey for the child's voice."))
    errors: dict[str, str] = {}
    if not consent:
        errors["consent"] = _("Record that the child agreed to answer, or do not enter answers.")
    if visited_on > timezone.localdate():
        errors["visited_on"] = _("The child visit cannot be in the future.")
    elif friendship.started_on and visited_on < friendship.started_on:
        errors["visited_on"] = _("The child visit cannot be before the friendship started.")
    if errors:
        raise ValidationError(errors, code="child_voice")
    rows = answers_build(version=version, answers=answers)
    response = _save(
        SurveyResponse(
            survey=survey,
            version=version,
            friendship=friendship,
            site_id=friendship.site_id,
            respondent_key=CHILD_RESPONDENT,
            mode=ResponseMode.IN_PERSON,
            occasion_on=visited_on,
            consent_given_at=timezone.now(),
            recorded_by=by,
        ),
        rows,
    )
    follow_up_tasks_complete_open(
        by=by,
        kind=FollowUpKind.CHILD_VISIT,
        outcome=_("The child visit was held and the child's voice recorded."),
        friendship=friendship,
    )
    return response
