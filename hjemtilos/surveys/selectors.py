"""Reads of surveys: the versions in force, a friendship's invitations and responses,
and the fetch-or-refuse functions of the survey pages. The outcome figures are in
``outcomes.py``."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Prefetch, QuerySet
from django.utils.functional import Promise

from hjemtilos.accounts.models import User
from hjemtilos.core.access import fetch_or_refuse
from hjemtilos.friendships.models import Friendship
from hjemtilos.surveys import policies
from hjemtilos.surveys.models import (
    Audience,
    Question,
    Survey,
    SurveyInvitation,
    SurveyResponse,
    SurveyVersion,
)
from hjemtilos.surveys.scales import SCALES


def current_version(survey: Survey) -> SurveyVersion | None:
    """The newest published version: the one new invitations and staff entries use."""
    return (
        survey.versions.filter(published_at__isnull=False)
        .prefetch_related("questions")
        .order_by("-number")
        .first()
    )


def current_versions(*, moment: str | None = None) -> list[tuple[Survey, SurveyVersion]]:
    """Each survey (of ``moment``) with its newest published version and its questions.

    Three queries. A survey with no published version is left out: it is not sent.
    """
    surveys = Survey.objects.order_by("position", "id").prefetch_related(
        Prefetch(
            "versions",
            queryset=SurveyVersion.objects.filter(published_at__isnull=False)
            .order_by("-number")
            .prefetch_related("questions"),
            to_attr="published",
        )
    )
    if moment is not None:
        surveys = surveys.filter(moment=moment)
    return [(survey, survey.published[0]) for survey in surveys if survey.published]


def version_questions(version: SurveyVersion) -> list[Question]:
    return list(version.questions.order_by("position", "id"))


# A friendship's surveys (the staff page's section) ---------------------------------------


def friendship_invitations(friendship: Friendship) -> list[SurveyInvitation]:
    """The friendship's invitations with their surveys and responses. One query."""
    return list(
        SurveyInvitation.objects.filter(friendship=friendship)
        .select_related("survey", "response", "guardian", "member")
        .order_by("survey__position", "respondent_key")
    )


def friendship_child_voice(friendship: Friendship) -> SurveyResponse | None:
    return (
        SurveyResponse.objects.filter(friendship=friendship, survey__audience=Audience.CHILD)
        .select_related("survey", "recorded_by")
        .first()
    )


def response_answers(response: SurveyResponse) -> list[dict[str, object]]:
    """The response's answers by question, in the version's order, with the labels in the
    page's language: [{"question": Question, "answers": [label or text, …]}]. Two queries."""
    questions = version_questions(response.version)
    by_question: dict[int, list[str]] = {}
    for answer in response.answers.all():
        by_question.setdefault(answer.question_id, []).append(answer.text or answer.choice)
    rows = []
    for question in questions:
        labels = dict(question_choices(question))
        values = [labels.get(value, value) for value in by_question.get(question.pk, [])]
        rows.append({"question": question, "answers": values})
    return rows


def question_choices(question: Question) -> list[tuple[str, str]]:
    """A picked question's answers as (key, label in the page's language)."""
    scale = SCALES.get(question.kind)
    if scale is not None:
        return [(o.key, str(o.label)) for o in scale.options]
    return question.option_choices()


# Fetch or refuse -------------------------------------------------------------------------


def survey_for_drafting_or_404(*, user: User, pk: int) -> Survey:
    """A survey an administrator drafts a new version of."""
    return fetch_or_refuse(Survey.objects.all(), user=user, pk=pk, page=policies.can_edit_surveys)


def version_for_reading_or_404(*, user: User, pk: int) -> SurveyVersion:
    return fetch_or_refuse(
        SurveyVersion.objects.select_related("survey"),
        user=user,
        pk=pk,
        page=policies.can_read_surveys,
    )


def version_for_editing_or_404(*, user: User, pk: int) -> SurveyVersion:
    """A draft version an administrator edits; a published one is refused (403)."""
    return fetch_or_refuse(
        SurveyVersion.objects.select_related("survey"),
        user=user,
        pk=pk,
        page=policies.can_edit_surveys,
        allowed=policies.can_edit_version,
        refusal=policies.PUBLISHED_REFUSAL,
    )


def question_for_editing_or_404(*, user: User, pk: int) -> Question:
    return fetch_or_refuse(
        Question.objects.select_related("version__survey"),
        user=user,
        pk=pk,
        page=policies.can_edit_surveys,
        allowed=policies.can_edit_question,
        refusal=policies.PUBLISHED_REFUSAL,
    )


def _staff_invitations() -> QuerySet[SurveyInvitation]:
    return SurveyInvitation.objects.select_related(
        "survey", "version", "friendship__child", "friendship__site", "guardian", "member"
    )


def _staff_invitation(
    user: User,
    pk: int,
    allowed: Callable[[User, SurveyInvitation], bool],
    refusal: str | Promise,
) -> SurveyInvitation:
    """An invitation at the staff member's site (other roles 403; else 404), for ``allowed``."""
    return fetch_or_refuse(
        _staff_invitations(),
        user=user,
        pk=pk,
        page=policies.can_handle_surveys,
        visible=policies.can_handle_invitation,
        allowed=allowed,
        refusal=refusal,
    )


def invitation_for_entering_or_404(*, user: User, pk: int) -> SurveyInvitation:
    """An unanswered invitation at the staff member's site, to type in answers given on the
    phone; an answered one is refused (403)."""
    return _staff_invitation(user, pk, policies.can_enter_answers, policies.ANSWERED_REFUSAL)


def invitation_for_reopening_or_404(*, user: User, pk: int) -> SurveyInvitation:
    """A declined or expired invitation at the staff member's site, to send again."""
    return _staff_invitation(user, pk, policies.can_reopen_invitation, policies.REOPEN_REFUSAL)


def response_for_staff_or_404(*, user: User, pk: int) -> SurveyResponse:
    """A response staff of the friendship's site read (never evaluators: figures only)."""
    return fetch_or_refuse(
        SurveyResponse.objects.select_related(
            "survey", "version", "friendship__child", "recorded_by", "invitation"
        ),
        user=user,
        pk=pk,
        page=policies.can_handle_surveys,
        visible=policies.can_read_response,
    )


def friendship_for_child_voice_or_404(*, user: User, pk: int) -> Friendship:
    """A running friendship whose child's voice the staff member records (once)."""
    return fetch_or_refuse(
        Friendship.objects.select_related("child", "site"),
        user=user,
        pk=pk,
        page=policies.can_handle_surveys,
        visible=policies.can_handle_friendship_surveys,
        allowed=policies.can_record_child_voice,
        refusal=policies.CHILD_VOICE_REFUSAL,
    )


def surveys_for_admin() -> QuerySet[Survey]:
    return Survey.objects.order_by("position", "id").prefetch_related(
        Prefetch("versions", queryset=SurveyVersion.objects.order_by("-number"))
    )
