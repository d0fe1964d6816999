"""Writes of the instruments: administrators draft, edit and publish survey versions.

A published version is never changed (answers were given to its exact
wording); a new draft starts as a copy of the newest version. A question's key
keeps its meaning across versions, so a key used before keeps its kind (ADR 0053).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hjemtilos.accounts.models import User
from hjemtilos.surveys.models import Question, Survey, SurveyVersion
from hjemtilos.surveys.scales import CHOICE_KINDS

#: A choice question offers at least this many options.
MIN_OPTIONS = 2
VERSION_FIELDS = ("title_da", "title_en", "intro_da", "intro_en")
QUESTION_FIELDS = (
    "key",
    "kind",
    "text_da",
    "text_en",
    "help_da",
    "help_en",
    "required",
    "options",
)


def _refuse_published(version: SurveyVersion) -> None:
    if version.is_published:
        raise ValidationError(
            _("A published version is never changed; draft a new version instead."),
            code="published",
        )


@transaction.atomic
def survey_version_draft(*, survey: Survey, by: User) -> SurveyVersion:
    """A new draft of ``survey``: a copy of its newest version, to edit and publish."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    newest = survey.versions.order_by("-number").first()
    if newest is not None and not newest.is_published:
        raise ValidationError(
            _("Version %(number)d is a draft already; edit it or publish it first.")
            % {"number": newest.number},
            code="draft_exists",
        )
    number = (survey.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    draft = SurveyVersion(
        survey=survey,
        number=number,
        created_by=by,
        **{name: getattr(newest, name) if newest else "" for name in VERSION_FIELDS},
    )
    draft.full_clean(exclude=VERSION_FIELDS if newest is None else None)
    draft.save()
    if newest is not None:
        Question.objects.bulk_create(
            Question(
                version=draft,
                position=question.position,
                **{name: getattr(question, name) for name in QUESTION_FIELDS},
            )
            for question in newest.questions.all()
        )
    return draft


@transaction.atomic
def survey_version_update(*, version: SurveyVersion, by: User, **fields: Any) -> SurveyVersion:
    """Change a draft's title and introduction (in Danish and English)."""
    version = SurveyVersion.objects.select_for_update().get(pk=version.pk)
    _refuse_published(version)
    for name in VERSION_FIELDS:
        if name in fields:
            setattr(version, name, str(fields[name]).strip())
    version.full_clean()
    version.save(update_fields=list(VERSION_FIELDS))
    return version


def _check_options(kind: str, options: list[dict[str, str]]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if kind in CHOICE_KINDS:
        keys = [o.get("key", "") for o in options]
        if len(options) < MIN_OPTIONS:
            errors["options"] = _("Give at least two options.")
        elif len(set(keys)) != len(keys) or not all(keys):
            errors["options"] = _("Each option needs its own key.")
        elif not all(o.get("da", "").strip() and o.get("en", "").strip() for o in options):
            errors["options"] = _("Each option needs its Danish and English wording.")
    elif options:
        errors["options"] = _("Only single and multiple choice questions have their own options.")
    return errors


def _check_key_history(question: Question) -> dict[str, str]:
    """A key used in an earlier version keeps its kind: the figures compare across versions."""
    earlier = (
        Question.objects.filter(
            version__survey_id=question.version.survey_id,
            version__published_at__isnull=False,
            key=question.key,
        )
        .exclude(kind=question.kind)
        .exists()
    )
    if earlier:
        return {
            "kind": _(
                "An earlier version asked “%(key)s” with other answers. Keep its kind, or give "
                "the changed question a new key."
            )
            % {"key": question.key}
        }
    return {}


@transaction.atomic
def question_save(
    *, version: SurveyVersion, by: User, question: Question | None = None, **fields: Any
) -> Question:
    """Add a question to a draft (at the end) or change one of its questions."""
    version = SurveyVersion.objects.select_for_update().get(pk=version.pk)
    _refuse_published(version)
    if question is None:
        top = version.questions.aggregate(top=Max("position"))["top"] or 0
        question = Question(version=version, position=top + 1)
    elif question.version_id != version.pk:
        raise ValidationError(_("The question belongs to another version."), code="version")
    for name in QUESTION_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(question, name, value.strip() if isinstance(value, str) else value)
    if question.kind not in CHOICE_KINDS:
        question.options = []
    errors = _check_options(question.kind, question.options)
    errors.update(_check_key_history(question))
    if version.questions.filter(key=question.key).exclude(pk=question.pk).exists():
        errors["key"] = _("Another question of this version has that key.")
    try:
        question.full_clean(exclude=["version"])
    except ValidationError as error:
        errors = {**error.message_dict, **errors}  # type: ignore[dict-item]
    if errors:
        raise ValidationError(errors, code="question")
    question.save()
    return question


@transaction.atomic
def question_delete(*, question: Question, by: User) -> None:
    version = SurveyVersion.objects.select_for_update().get(pk=question.version_id)
    _refuse_published(version)
    question.delete()


@transaction.atomic
def question_move(*, question: Question, by: User, up: bool) -> Question:
    """Swap a draft's question with the one above (``up``) or below it."""
    version = SurveyVersion.objects.select_for_update().get(pk=question.version_id)
    _refuse_published(version)
    questions = list(version.questions.order_by("position", "id"))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(questions):
        return question
    questions[index], questions[other] = questions[other], questions[index]
    for position, item in enumerate(questions, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
    return question


@transaction.atomic
def survey_version_publish(*, version: SurveyVersion, by: User) -> SurveyVersion:
    """Publish a draft: from now on new invitations use it, and it is never changed."""
    version = SurveyVersion.objects.select_for_update().get(pk=version.pk)
    _refuse_published(version)
    questions = list(version.questions.all())
    if not questions:
        raise ValidationError(_("Add at least one question before publishing."), code="empty")
    missing = [f for f in VERSION_FIELDS if not getattr(version, f).strip()]
    if missing:
        raise ValidationError(
            _("Give the title and the introduction in both Danish and English."), code="texts"
        )
    for question in questions:
        errors = _check_options(question.kind, question.options)
        errors.update(_check_key_history(question))
        if errors or not (question.text_da.strip() and question.text_en.strip()):
            raise ValidationError(
                _("The question “%(key)s” is not complete; correct it before publishing.")
                % {"key": question.key},
                code="question",
            )
    version.published_at = timezone.now()
    version.published_by = by
    version.save(update_fields=["published_at", "published_by"])
    return version
