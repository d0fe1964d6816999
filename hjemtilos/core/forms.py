"""Form rendering in the DKFDS style (label, help text, error next to the
field, ``aria-invalid``/``aria-describedby`` wired up for screen readers), the
widgets every app uses, and the one way a page hands a form to a service: the
service's refusal is put on the form that asked for it, and the page is shown
again (status 400) with everything the user typed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.forms.utils import ErrorList
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.dates import (
    DATE_YEARS_AHEAD,
    DATE_YEARS_BACK,
    OLDEST_AGE,
    validate_birth_date,
    validate_date_between,
    years_before,
)
from hjemtilos.core.fields import TEXT_MAX_LENGTH

T = TypeVar("T")

# Browsers' own pickers; the value format is the one they send back.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
RADIO = forms.RadioSelect(attrs={"class": "form-radio"})


def date_bounds(years_back: int, years_ahead: int) -> tuple[date, date]:
    """The earliest and latest dates ``years_back`` before and ``years_ahead`` after today."""
    today = timezone.localdate()
    return years_before(today, years_back), years_before(today, -years_ahead)


class BoundedDateInput(forms.DateInput):
    """The browser's date picker, limited to the field's range (worked out per page view)."""

    def __init__(self, *, years_back: int, years_ahead: int) -> None:
        super().__init__(attrs={"type": "date"}, format="%Y-%m-%d")
        self.years_back, self.years_ahead = years_back, years_ahead

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        earliest, latest = date_bounds(self.years_back, self.years_ahead)
        context["widget"]["attrs"].update(min=earliest.isoformat(), max=latest.isoformat())
        return context


class DateField(forms.DateField):
    """A date a person could mean: from 30 years back to 10 years ahead.

    A mistyped year (0001, 20266) is refused with the range in the message
    instead of reaching a calendar or a service; the browser's picker gets the
    same bounds.
    """

    def __init__(
        self,
        *,
        years_back: int = DATE_YEARS_BACK,
        years_ahead: int = DATE_YEARS_AHEAD,
        **kwargs: Any,
    ) -> None:
        self.years_back, self.years_ahead = years_back, years_ahead
        kwargs.setdefault(
            "widget", BoundedDateInput(years_back=years_back, years_ahead=years_ahead)
        )
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value:
            validate_date_between(value, *date_bounds(self.years_back, self.years_ahead))


class BirthDateField(DateField):
    """A date of birth: not in the future, not more than 120 years ago."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(years_back=OLDEST_AGE, years_ahead=0, **kwargs)

    def validate(self, value: Any) -> None:
        forms.DateField.validate(self, value)
        if value:
            validate_birth_date(value)


class FreeTextField(forms.CharField):
    """Free text typed in a box of ``rows`` lines (a note, a reason, an answer in words).

    At most ``TEXT_MAX_LENGTH`` characters unless told: what a ``LimitedTextField``
    stores, so the form refuses a longer text next to the box instead of the model
    refusing it after the page is sent.
    """

    def __init__(self, *, rows: int = 3, max_length: int = TEXT_MAX_LENGTH, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(max_length=max_length, **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (a phone's photo picker); cleans to a list."""

    def __init__(self, *args: Any, accept: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept} if accept else {}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(item, initial) for item in data]
        return [one(data, initial)] if data else []


def lower_first(label: object) -> str:
    """A label inside a sentence: "Barnets fødselsdato" → "barnets fødselsdato" (not "SMS")."""
    text = str(label)
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def requirement_note(field: forms.Field, note: str | Promise) -> None:
    """Mark an optional field with when it is needed after all ("needed to submit").

    The label then shows ``note`` instead of "(optional)", for fields a form
    cannot require outright (a draft may leave them empty; only adults need them).
    """
    field.requirement_note = note  # type: ignore[attr-defined]


_CHOOSE_WIDGETS = (forms.Select, forms.SelectMultiple, forms.RadioSelect, forms.FileInput)


def _is_django_default(field: forms.Field, code: str) -> bool:
    """Whether ``field`` still has Django's generic message for ``code`` (none set by us)."""
    message = field.error_messages.get(code)
    return any(
        vars(cls).get("default_error_messages", {}).get(code) is message
        for cls in type(field).__mro__
    )


def _required_message(field: forms.Field, *, question: bool) -> Promise:
    widget = field.widget
    choose = isinstance(widget, _CHOOSE_WIDGETS)
    if isinstance(widget, forms.CheckboxInput):
        return _("Tick “%(quoted)s” to go on.")
    if question:
        # "Why is the referral withdrawn?" cannot follow "Enter".
        return (
            _("Choose an answer to “%(quoted)s”")
            if choose
            else _("Answer the question “%(quoted)s”")
        )
    if isinstance(field, forms.DateField):
        return _("Enter %(label)s as dd.mm.yyyy.")
    if isinstance(field, forms.TimeField):
        return _("Enter %(label)s as hh:mm.")
    return _("Choose %(label)s.") if choose else _("Enter %(label)s.")


def _invalid_message(field: forms.Field) -> Promise | None:
    if isinstance(field, forms.DateField):
        return _("Enter %(label)s as dd.mm.yyyy, for example 30.11.2026.")
    if isinstance(field, forms.TimeField):
        return _("Enter %(label)s as hh:mm, for example 16:30.")
    if isinstance(field, forms.EmailField):
        return _("Enter an e-mail address like name@example.dk.")
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return _("Enter %(label)s as a number.")
    return None


def actionable_message(field: forms.Field, label: str, code: str) -> str | None:
    """A message saying what to do instead of Django's generic one, or ``None`` to keep it.

    "Skriv barnets fødselsdato som dd.mm.åååå." rather than "Dette felt er påkrævet.".
    The label of a box to tick is a sentence of its own, so it is quoted as it stands.
    """
    message: Promise | None = None
    if code == "required":
        message = _required_message(field, question=label.rstrip().endswith("?"))
    elif code == "invalid":
        message = _invalid_message(field)
    elif code == "invalid_choice":
        message = _("Choose one of the options for %(label)s.")
    if message is None:
        return None
    return str(message) % {"label": lower_first(label), "quoted": label}


# Django's empty choice of a select box, replaced by words.
_DASHES = "---------"


class DkfdsBoundField(BoundField):
    """Every form's fields, as our pages show them (set on the renderer, so every form).

    Errors that still carry Django's generic text ("Dette felt er påkrævet.")
    say what to do with this field instead; a select box's empty choice reads
    "Vælg …" (or "Ingen valgt" where it may stay empty) instead of dashes; a
    field knows the note its label carries ("(valgfri)").
    """

    def __init__(self, form: BaseForm, field: forms.Field, name: str) -> None:
        super().__init__(form, field, name)
        self._name_the_empty_choice()

    def _name_the_empty_choice(self) -> None:
        field = self.field
        empty = (
            _("Choose %(label)s") % {"label": lower_first(self.label)}
            if field.required
            else _("None chosen")
        )
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == _DASHES:
                field.empty_label = empty
        elif isinstance(field, forms.ChoiceField) and isinstance(field.widget, forms.Select):
            choices = list(cast(Iterable[tuple[Any, Any]], field.choices))
            if any(label == _DASHES for _value, label in choices):
                field.choices = [
                    (value, empty if label == _DASHES else label) for value, label in choices
                ]

    @property
    def errors(self) -> ErrorList:
        errors = super().errors
        if not errors:
            return errors
        rewritten = []
        changed = False
        for error in errors.as_data():
            message = None
            if error.code and _is_django_default(self.field, error.code):
                message = actionable_message(self.field, str(self.label), error.code)
            if message is None:
                rewritten.extend(error.messages)
            else:
                rewritten.append(message)
                changed = True
        if not changed:
            return errors
        return ErrorList(rewritten, renderer=errors.renderer)

    @property
    def requirement_note(self) -> str | Promise | None:
        """What the label says about filling the field in: "(optional)", a note, or nothing."""
        note: str | Promise | None = getattr(self.field, "requirement_note", None)
        if note:
            return note
        if not self.field.required and not isinstance(self.field.widget, forms.CheckboxInput):
            return _("optional")
        return None

    @property
    def anchor(self) -> str:
        """The id of the input an error summary's link moves the focus to."""
        widget = self.field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.MultiWidget):
            return f"{self.auto_id}_0"
        return str(self.auto_id)


def error_summary(*forms_: BaseForm | forms.BaseFormSet[Any] | None) -> list[tuple[str, str]]:
    """Every error of ``forms_`` (and formsets' forms) in page order, as (anchor, message).

    The anchor is empty for an error that belongs to no field.
    """
    items: list[tuple[str, str]] = []
    for form in forms_:
        if form is None:
            continue
        if isinstance(form, forms.BaseFormSet):
            items.extend(("", str(e)) for e in form.non_form_errors())
            items.extend(error_summary(*form.forms))
            continue
        items.extend(("", str(e)) for e in form.non_field_errors())
        for bound in form:
            anchor = bound.anchor if isinstance(bound, DkfdsBoundField) else str(bound.auto_id)
            items.extend((anchor, str(e)) for e in bound.errors)
    return items


class DkfdsFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    bound_field_class = DkfdsBoundField


class DayTimeForm(forms.Form):
    """A day and a time of day (a meeting, an interview), read as one moment by ``at``."""

    day = DateField(label=_("Date"))
    time = forms.TimeField(label=_("Time"), widget=TIME_INPUT)

    def at(self) -> datetime:
        """The chosen day and time in the local time zone (the form must be valid)."""
        return timezone.make_aware(
            datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"])
        )


def add_service_errors(
    form: BaseForm, error: ValidationError, rename: dict[str, str] | None = None
) -> None:
    """Show a service's ``ValidationError`` next to the form's fields, or on top.

    A message for a field the form lacks goes on top, so nothing is lost.
    ``rename`` maps a service argument to the form field that holds it.
    """
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            field = (rename or {}).get(name, name)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@dataclass(frozen=True)
class Done(Generic[T]):
    """What the service returned for a form it accepted."""

    value: T


def form_submit(
    request: HttpRequest,
    form: BaseForm,
    service: Callable[[], T],
    *,
    rename: dict[str, str] | None = None,
) -> Done[T] | None:
    """Call ``service`` when ``form`` was posted and is valid; ``None`` unless it accepted.

    ``service`` reads ``form.cleaned_data`` (it runs only on valid data). Its
    ``ValidationError`` goes on the form (``add_service_errors``) for the page
    to be shown again.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return Done(service())
    except ValidationError as error:
        add_service_errors(form, error, rename)
        return None


def render_form(
    request: HttpRequest, template: str, form: BaseForm, context: dict[str, Any] | None = None
) -> HttpResponse:
    """The page of one form; status 400 while the form has errors."""
    return render(
        request, template, {"form": form, **(context or {})}, status=400 if form.errors else 200
    )


def error_text(error: ValidationError) -> str:
    """A service's refusal as one line, for a message at the top of the page."""
    return " ".join(str(m) for m in error.messages)


def service_action(request: HttpRequest, service: Callable[[], object], *, success: str) -> bool:
    """Run the action of a button without a form; its refusal or ``success`` is the message."""
    try:
        service()
    except ValidationError as error:
        messages.error(request, error_text(error))
        return False
    messages.success(request, success)
    return True
