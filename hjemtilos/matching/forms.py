"""Forms for matching. Programme rules are checked in the services; forms check input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hjemtilos.accounts.models import User
from hjemtilos.core.forms import DayTimeForm, FreeTextField
from hjemtilos.matching.models import (
    DEFAULT_WEIGHTS,
    MAX_WEIGHT,
    BookKind,
    EarlyEndingRule,
    MatchingSettings,
    Side,
)
from hjemtilos.matching.services.setup import MAX_TRAVEL_MINUTES
from hjemtilos.organisations.models import Site
from hjemtilos.volunteers.models import Weekday


class ProposeForm(forms.Form):
    family = forms.IntegerField(widget=forms.HiddenInput)
    from_suggestion = forms.BooleanField(required=False, widget=forms.HiddenInput)


class AnswerForm(forms.Form):
    side = forms.ChoiceField(label=_("Whose answer"), choices=Side.choices)
    answer = forms.ChoiceField(
        label=_("Answer"),
        choices=[("accepted", _("Yes")), ("declined", _("No"))],
        widget=forms.RadioSelect,
    )
    reason = FreeTextField(
        label=_("Why they said no"),
        required=False,
        max_length=2000,
        rows=2,
        help_text=_("Needed for a no. Kept with the proposal; the pair is not proposed again."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == "declined" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Write why they said no."))
        return data


class WithdrawForm(forms.Form):
    reason = FreeTextField(label=_("Why the proposal is withdrawn"), max_length=2000, rows=2)
    never_again = forms.BooleanField(
        label=_("Do not propose this child and this family together again"), required=False
    )


class WeekdaysForm(forms.Form):
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays the child can be picked up"),
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one weekday.")},
    )


class SettingsForm(forms.Form):
    """The site's weights (0–10), travel limit and early-ending rule."""

    max_travel_minutes = forms.IntegerField(
        label=_("Longest travel time for a match (minutes)"),
        min_value=5,
        max_value=MAX_TRAVEL_MINUTES,
    )
    early_ending = forms.ChoiceField(
        label=_("A family whose friendship with the child or a sibling ended early"),
        choices=EarlyEndingRule.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in DEFAULT_WEIGHTS:
            field = MatchingSettings._meta.get_field(f"weight_{name}")
            self.fields[f"weight_{name}"] = forms.IntegerField(
                label=_("Weight: %(factor)s") % {"factor": getattr(field, "verbose_name", name)},
                min_value=0,
                max_value=MAX_WEIGHT,
            )

    @classmethod
    def initial_for(cls, row: MatchingSettings, site: Site) -> dict[str, Any]:
        initial: dict[str, Any] = {f"weight_{k}": v for k, v in row.weights().items()}
        initial["early_ending"] = row.early_ending
        initial["max_travel_minutes"] = site.max_travel_minutes
        return initial

    def weights(self) -> dict[str, int]:
        return {name: self.cleaned_data[f"weight_{name}"] for name in DEFAULT_WEIGHTS}


class BookForm(forms.Form):
    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        child = kind == BookKind.CHILD
        self.fields["about"] = FreeTextField(
            label=_("Who I am") if child else _("Who we are"),
            required=False,
            max_length=4000,
            rows=4,
            help_text=_("In the child's own words, written with the parent.") if child else "",
        )
        self.fields["likes"] = FreeTextField(
            label=_("What I like") if child else _("What we like to do"),
            required=False,
            max_length=4000,
            rows=4,
        )
        if not child:
            self.fields["home"] = FreeTextField(
                label=_("Our home"), required=False, max_length=4000, rows=4
            )
            self.fields["pets"] = FreeTextField(
                label=_("Our pets"), required=False, max_length=1000, rows=2
            )


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"),
        help_text=_("JPEG, PNG or WebP. Location data in the file is removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(label=_("Caption"), required=False, max_length=200)


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=_("The parent consents to a photo of the child in the friendship book"),
        required=False,
    )


class StaffChoiceField(forms.ModelChoiceField[User]):
    """Staff members by their full name."""

    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name()


class FirstMeetingForm(DayTimeForm):
    staff = StaffChoiceField(
        label=_("Staff member at the meeting"),
        queryset=User.objects.none(),
        help_text=_("Becomes the friendship's contact person."),
    )

    def __init__(self, *args: Any, staff: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["staff"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = staff
