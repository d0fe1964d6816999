"""Forms of the friendship year. They check the shape of the input; the services the rules."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hjemtilos.accounts.models import User
from hjemtilos.core.forms import (
    RADIO,
    TIME_INPUT,
    DateField,
    DayTimeForm,
    FreeTextField,
    MultipleFileField,
)
from hjemtilos.friendships.models import (
    AGREEMENT_FIELDS,
    GREETING_MAX_LENGTH,
    GREETING_MAX_PHOTOS,
    CancelReason,
    EndedBy,
    EndReason,
    ExtraVisitKind,
    ExtraVisitStatus,
    Frequency,
    LogbookTag,
    Mood,
    PlaceKind,
    Rating,
    Side,
    Visit,
)
from hjemtilos.organisations.forms import StaffSiteForm
from hjemtilos.volunteers.models import VolunteerFamilyStatus, Weekday

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


class AgreementFields(forms.Form):
    """The practical agreement made at the first meeting (and changed later)."""

    weekday = forms.TypedChoiceField(
        label=_("Weekday"), choices=Weekday.choices[:5], coerce=int, widget=RADIO
    )
    pickup_time = forms.TimeField(label=_("Pickup time"), widget=TIME_INPUT)
    pickup_kind = forms.ChoiceField(
        label=_("Pickup at"), choices=PlaceKind.choices, initial=PlaceKind.SCHOOL, widget=RADIO
    )
    pickup_place = forms.CharField(
        label=_("Pickup place"),
        max_length=200,
        help_text=_("The name of the school, SFO or institution, or “home”."),
    )
    dropoff_time = forms.TimeField(label=_("Drop-off time"), widget=TIME_INPUT)
    dropoff_kind = forms.ChoiceField(
        label=_("Drop-off at"), choices=PlaceKind.choices, initial=PlaceKind.HOME, widget=RADIO
    )
    dropoff_place = forms.CharField(label=_("Drop-off place"), max_length=200)
    contact_arrangement = forms.CharField(
        label=_("How the families contact each other"),
        max_length=300,
        help_text=_("E.g. “SMS between Mette and Maria; phone if it is urgent”."),
    )
    food_and_allergies = FreeTextField(label=_("Food and allergies"), required=False)
    pets = forms.CharField(label=_("Pets"), max_length=200, required=False)
    other = FreeTextField(label=_("Anything else agreed"), required=False)

    AGREEMENT = AGREEMENT_FIELDS

    def agreement_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.AGREEMENT}

    def agreement_fields(self) -> list[Any]:
        return [self[name] for name in self.AGREEMENT]

    def other_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if name not in self.AGREEMENT]


class FirstMeetingPlanForm(DayTimeForm):
    """When the first meeting is held."""


class FirstMeetingForm(AgreementFields):
    held_on = DateField(label=_("The first meeting was held on"))
    attendees = forms.CharField(
        label=_("Who attended"),
        max_length=300,
        help_text=_("E.g. “Emma, her mother Maria, Lars and Mette Jensen and their son”."),
    )
    staff_present = forms.ModelChoiceField(
        label=_("Staff member present"), queryset=User.objects.none(), required=False
    )
    notes = FreeTextField(
        label=_("Notes from the meeting"),
        required=False,
        help_text=_("Stored encrypted; seen by staff only."),
    )
    first_solo_on = DateField(
        label=_("First solo visit"),
        help_text=_("Typically the week after, on the agreed weekday. The year starts here."),
    )
    field_order = ["held_on", "attendees", "staff_present", "notes", "first_solo_on"]

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField[User], self.fields["staff_present"])
        field.queryset = staff


class AgreementChangeForm(AgreementFields):
    valid_from = DateField(
        label=_("Applies from"),
        help_text=_("The visits from this day on follow the new agreement."),
    )
    change_reason = forms.CharField(label=_("Why it changes"), max_length=300)
    field_order = ["valid_from", "change_reason"]


class VisitChangeForm(forms.Form):
    """A change to one visit with a note to the other family. Staff taking a call say whose
    side asks for it (``side``); a family acts for its own side and is not asked."""

    side_label: Promise  # each form names the side its way ("Who cancels" …)
    side = forms.ChoiceField(choices=Side.choices, widget=RADIO)
    note = FreeTextField(
        label=_("A few words to the other family"), required=False, max_length=500, rows=2
    )

    def __init__(self, *args: Any, staff: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if staff:
            self.fields["side"].label = str(self.side_label)
        else:
            del self.fields["side"]


class VisitCancelForm(VisitChangeForm):
    side_label = _("Who cancels")
    field_order = ["side", "reason", "note"]

    reason = forms.ChoiceField(label=_("Reason"), choices=CancelReason.choices, widget=RADIO)


class VisitMoveForm(VisitChangeForm):
    side_label = _("Who moves the visit")
    field_order = ["side", "new_date", "pickup_time", "note"]

    new_date = DateField(label=_("New day"), help_text=_("Preferably a day in the same week."))
    pickup_time = forms.TimeField(
        label=_("Pickup time"), required=False, widget=TIME_INPUT, help_text=_("If it changes.")
    )


def _visit_label(visit: Visit) -> str:
    return str(date_format(visit.date, "l j. F"))


class LogbookEntryForm(forms.Form):
    """The logbook on a phone: mostly taps, a few words if wanted."""

    visit = forms.TypedChoiceField(label=_("Which visit"), coerce=int, widget=RADIO)
    rating = forms.TypedChoiceField(
        label=_("How did it go?"), choices=Rating.choices, coerce=int, widget=RADIO
    )
    mood = forms.ChoiceField(label=_("The child's mood"), choices=Mood.choices, widget=RADIO)
    tags = forms.MultipleChoiceField(
        label=_("What did you do?"),
        choices=LogbookTag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
    )
    text = FreeTextField(label=_("A few words about the visit"), required=False, max_length=4000)
    follow_up_text = FreeTextField(
        label=_("Anything we should follow up on?"), required=False, max_length=2000, rows=2
    )
    overnight_stay = forms.ChoiceField(
        label=_("Did the child stay overnight?"),
        choices=YES_NO,
        widget=RADIO,
        help_text=_("Overnight stays are not allowed in the Hjem til Os year."),
    )
    worried = forms.BooleanField(label=_("I am worried about the child"), required=False)
    worry_text = FreeTextField(
        label=_("What worries you?"),
        required=False,
        max_length=4000,
        help_text=_("Only your contact person and the child-welfare advisers read this."),
    )
    send_greeting = forms.BooleanField(
        label=_("Then send the child's family a short greeting"),
        required=False,
        initial=True,
        help_text=_(
            "A few lines (and photos, if the family agreed) that the child's family reads."
        ),
    )

    def __init__(self, *args: Any, visits: list[Visit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["visit"])
        field.choices = [(v.pk, _visit_label(v)) for v in visits]
        if visits and not self.is_bound:
            self.initial.setdefault("visit", visits[0].pk)


PHOTO_TYPES = "image/jpeg,image/png,image/webp"


class GreetingForm(forms.Form):
    """The volunteer family's greeting to the child's family, from the phone."""

    visit = forms.TypedChoiceField(
        label=_("After the visit"), coerce=int, required=False, empty_value=None
    )
    text = FreeTextField(
        label=_("Your greeting"),
        max_length=GREETING_MAX_LENGTH,
        help_text=_("E.g. what you did and what the child enjoyed. The child's family reads it."),
    )
    photos = MultipleFileField(
        label=_("Photos (up to %(n)s)") % {"n": GREETING_MAX_PHOTOS},
        required=False,
        accept=PHOTO_TYPES,
        help_text=_("Only for the child's family. Never share photos of the child online."),
    )
    worried = forms.BooleanField(label=_("I am worried about the child"), required=False)
    worry_text = FreeTextField(
        label=_("What worries you?"),
        required=False,
        max_length=4000,
        help_text=_(
            "Not sent to the child's family: only your contact person and the child-welfare "
            "advisers read this."
        ),
    )

    def __init__(self, *args: Any, visits: list[Visit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["visit"])
        field.choices = [("", _("Not about a particular visit"))] + [
            (v.pk, _visit_label(v)) for v in visits
        ]


QUICK_REPLIES = {
    "thanks": _("Thank you for a lovely afternoon!"),
    "happy": _("Thank you! It was lovely to hear about the day."),
}


class ReplyForm(forms.Form):
    """A thank-you or a short note to the other family."""

    text = FreeTextField(
        label=_("Your message"), required=False, max_length=GREETING_MAX_LENGTH, rows=2
    )
    quick = forms.ChoiceField(choices=list(QUICK_REPLIES.items()), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("quick"):
            data["text"] = str(QUICK_REPLIES[data["quick"]])
        elif not (data.get("text") or "").strip():
            self.add_error("text", _("Write a few words, or tap a thank-you."))
        return data


class PassOnForm(forms.Form):
    text = FreeTextField(
        label=_("The greeting as you pass it on"),
        max_length=GREETING_MAX_LENGTH,
        rows=5,
        help_text=_("In your own words or in the family's language. This is what they read."),
    )


class PhoneFeedbackForm(forms.Form):
    from_side = forms.ChoiceField(
        label=_("Whose feedback did you pass on?"),
        choices=[
            (Side.VOLUNTEER_FAMILY, _("The volunteer family's, to the child's family")),
            (Side.CHILD_FAMILY, _("The child's family's, to the volunteer family")),
        ],
        widget=RADIO,
    )
    passed_on_on = DateField(label=_("Passed on by phone on"))
    text = FreeTextField(
        label=_("What you passed on"),
        max_length=GREETING_MAX_LENGTH,
        help_text=_("Stored encrypted; seen by staff only."),
    )


class ExtraVisitForm(forms.Form):
    kind = forms.ChoiceField(label=_("What is it?"), choices=ExtraVisitKind.choices, widget=RADIO)
    on = DateField(label=_("Date"))
    starts_at = forms.TimeField(label=_("Time"), required=False, widget=TIME_INPUT)
    description = forms.CharField(
        label=_("A few words"),
        max_length=300,
        required=False,
        help_text=_("E.g. “Our daughter's birthday with the grandparents”."),
    )


class ExtraVisitDecisionForm(forms.Form):
    to_status = forms.ChoiceField(
        label=_("After the talk with the family"),
        choices=[
            (ExtraVisitStatus.PLANNED, _("It goes ahead")),
            (ExtraVisitStatus.NOT_NOW, _("Not now")),
        ],
        widget=RADIO,
    )
    reason = FreeTextField(
        label=_("Why not now"),
        required=False,
        max_length=500,
        rows=2,
        help_text=_("Needed when it does not go ahead."),
    )


class ScreenForm(forms.Form):
    follow_up_title = forms.CharField(
        label=_("Follow-up task"),
        required=False,
        max_length=150,
        help_text=_("E.g. “Phone the family about the child's sadness”."),
    )
    follow_up_due_on = DateField(label=_("Due"), required=False)


class EndEarlyForm(forms.Form):
    ended_on = DateField(label=_("Ended on"))
    ended_by = forms.ChoiceField(label=_("Who ended it"), choices=EndedBy.choices, widget=RADIO)
    reason_category = forms.ChoiceField(label=_("Reason"), choices=EndReason.choices)
    reason = FreeTextField(label=_("What happened"), help_text=_("Stored encrypted."))
    child_back_to_matching = forms.ChoiceField(
        label=_("Should the child be matched again?"), choices=YES_NO, widget=RADIO
    )
    family_status = forms.ChoiceField(
        label=_("The volunteer family"),
        choices=[
            (VolunteerFamilyStatus.RESTING, _("Rests for now")),
            (VolunteerFamilyStatus.APPROVED, _("Is free for a new child")),
        ],
        widget=RADIO,
    )

    def clean_ended_on(self) -> date:
        value: date = self.cleaned_data["ended_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The end date cannot be in the future."))
        return value


class FutureWishForm(forms.Form):
    wants = forms.ChoiceField(
        label=_("Do you want the visits to go on after the year?"), choices=YES_NO, widget=RADIO
    )
    frequency = forms.ChoiceField(
        label=_("How often?"), choices=Frequency.choices, required=False, widget=RADIO
    )
    note = FreeTextField(label=_("Your thoughts"), required=False)


class StaffFutureWishForm(FutureWishForm):
    """The same questions, recorded by staff after a talk with the family."""

    side = forms.ChoiceField(choices=Side.choices, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["wants"].label = _("Does the family want the visits to go on after the year?")
        self.fields["note"].label = _("What the family said")


class ChildHeardForm(forms.Form):
    note = FreeTextField(
        label=_("How the child was heard"),
        help_text=_("The child's own words where possible. Stored encrypted."),
    )


class AgreedForm(forms.Form):
    wants = forms.ChoiceField(
        label=_("Does the friendship go on privately?"), choices=YES_NO, widget=RADIO
    )
    frequency = forms.ChoiceField(
        label=_("How often"), choices=Frequency.choices, required=False, widget=RADIO
    )
    details = forms.CharField(
        label=_("What is agreed"),
        required=False,
        max_length=500,
        help_text=_("E.g. “Every other Tuesday after school; the families text each other”."),
    )


class SchoolHolidayForm(StaffSiteForm):
    """A school holiday at one of the staff member's sites (``school_holiday_add`` checks it)."""

    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("e.g. “Vinterferie”"))
    starts_on = DateField(label=_("First day"))
    ends_on = DateField(label=_("Last day"))
