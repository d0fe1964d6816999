"""Forms: a survey's questions as fields (the respondent's, staff's and the child's voice),
and the administrators' forms for a draft version and its questions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.forms import RADIO, DateField, FreeTextField
from hjemtilos.surveys.models import (
    TEXT_ANSWER_MAX_LENGTH,
    Question,
    ResponseMode,
    SurveyVersion,
)
from hjemtilos.surveys.scales import CHOICE_KINDS, QuestionKind
from hjemtilos.surveys.selectors import question_choices


class SmileyRadio(forms.RadioSelect):
    """The child's smiley scale: a drawn face beside each answer's words."""

    option_template_name = "surveys/widgets/smiley_option.html"


def question_field(question: Question) -> forms.Field:
    """The form field asking ``question`` in the page's language."""
    common: dict[str, Any] = {
        "label": question.text,
        "help_text": question.help,
        "required": question.required,
    }
    if question.kind == QuestionKind.TEXT:
        return FreeTextField(max_length=TEXT_ANSWER_MAX_LENGTH, rows=4, **common)
    choices = question_choices(question)
    if question.kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=choices,
            widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
            **common,
        )
    widget = (
        SmileyRadio(attrs={"class": "form-radio"})
        if question.kind == QuestionKind.SMILEY
        else RADIO
    )
    return forms.ChoiceField(choices=choices, widget=widget, **common)


class SurveyAnswerForm(forms.Form):
    """The questions of one version, one field per question named by its key."""

    error_messages = {"required": _("Answer this question.")}

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            field = question_field(question)
            field.error_messages["required"] = _("Answer this question.")
            field.error_messages["invalid_choice"] = _("Choose one of the answers shown.")
            self.fields[question.key] = field

    def answers(self) -> dict[str, Any]:
        """The answers by question key (the form must be valid)."""
        return {q.key: self.cleaned_data.get(q.key) for q in self.questions}


class StaffAnswerForm(SurveyAnswerForm):
    """Staff enter what a respondent answered on the phone or in person."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, questions=questions, **kwargs)
        asked = {
            "mode": forms.ChoiceField(
                label=_("How were the answers given?"),
                choices=[
                    (ResponseMode.PHONE, ResponseMode.PHONE.label),
                    (ResponseMode.IN_PERSON, ResponseMode.IN_PERSON.label),
                ],
                initial=ResponseMode.PHONE,
                widget=RADIO,
            ),
            "consent": forms.BooleanField(
                label=_("The person agreed to take part in the survey"),
                help_text=_("Ask first; a no is fine and ends the call's survey part."),
                required=False,
            ),
        }
        # The consent and the way the answers came first, then the questions.
        self.fields = {**asked, **self.fields}


class ChildVoiceForm(SurveyAnswerForm):
    """Staff record the child's answers at the child visit."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, questions=questions, **kwargs)
        asked = {
            "visited_on": DateField(
                label=_("Day of the child visit"),
                initial=timezone.localdate,
            ),
            "consent": forms.BooleanField(
                label=_("The child agreed to answer"),
                help_text=_("The child may say no, or stop at any question."),
                required=False,
            ),
        }
        self.fields = {**asked, **self.fields}


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is sent again"),
        max_length=300,
        help_text=_("e.g. “The parent called and would like to answer after all”"),
    )


class VersionForm(forms.ModelForm[SurveyVersion]):
    class Meta:
        model = SurveyVersion
        fields = ["title_da", "title_en", "intro_da", "intro_en"]
        widgets = {
            "intro_da": forms.Textarea(attrs={"rows": 5}),
            "intro_en": forms.Textarea(attrs={"rows": 5}),
        }


#: An option's line: key | Danish | English.
OPTION_PARTS = 3


def _options_text(options: list[dict[str, str]]) -> str:
    return "\n".join(f"{o['key']} | {o['da']} | {o['en']}" for o in options)


class QuestionForm(forms.ModelForm[Question]):
    """A draft's question; a choice question's options are written one a line:
    ``key | Danish | English``."""

    options_text = FreeTextField(
        label=_("Options (single or multiple choice)"),
        required=False,
        rows=5,
        help_text=_(
            "One option a line: key | Danish | English, e.g. “weekly | Hver uge | Every week”. "
            "Leave empty for the other kinds, which use fixed scales."
        ),
    )

    class Meta:
        model = Question
        fields = ["key", "kind", "text_da", "text_en", "help_da", "help_en", "required"]
        widgets = {"kind": forms.Select}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.options:
            self.fields["options_text"].initial = _options_text(self.instance.options)

    def clean_options_text(self) -> list[dict[str, str]]:
        options = []
        for number, line in enumerate(self.cleaned_data["options_text"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != OPTION_PARTS or not all(parts):
                raise ValidationError(
                    _("Line %(number)d: write key | Danish | English."),
                    params={"number": number},
                )
            options.append({"key": parts[0], "da": parts[1], "en": parts[2]})
        return options

    def values(self) -> dict[str, Any]:
        """What ``question_save`` takes (the form must be valid)."""
        data = {name: self.cleaned_data[name] for name in self._meta.fields or []}
        data["options"] = self.cleaned_data["options_text"] if data["kind"] in CHOICE_KINDS else []
        return data
