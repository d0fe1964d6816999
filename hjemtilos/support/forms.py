"""Forms of the support for volunteer families. They check the shape; the services the rules."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.forms import RADIO, DateField, DayTimeForm, FreeTextField
from hjemtilos.followups.forms import OnlineSessionForm
from hjemtilos.organisations.forms import StaffSiteForm
from hjemtilos.organisations.models import Site
from hjemtilos.support.models import (
    Answer,
    ConversationChannel,
    JointEventKind,
    PsychologistStatus,
    Situation,
    SupervisionGroup,
)


class ConversationForm(forms.Form):
    held_on = DateField(label=_("Date"))
    with_whom = forms.CharField(
        label=_("With whom"), max_length=200, help_text=_("E.g. “Mette and Lars”.")
    )
    channel = forms.ChoiceField(label=_("How"), choices=ConversationChannel.choices, widget=RADIO)
    topic = FreeTextField(
        label=_("What you talked about"),
        max_length=4000,
        help_text=_("Stored encrypted; read by staff of the site and the advisory team."),
    )
    next_step = FreeTextField(label=_("Next step"), required=False, max_length=2000)
    next_step_on = DateField(
        label=_("Next step by"),
        required=False,
        help_text=_("With a date, the next step becomes a task for you."),
    )


class CallRequestForm(forms.Form):
    when = forms.CharField(
        label=_("When is a good time to call?"),
        max_length=200,
        required=False,
        help_text=_("E.g. “Weekdays after 16”."),
    )
    note = FreeTextField(
        label=_("What would you like to talk about? (optional)"), required=False, max_length=1000
    )


class PsychologistOfferForm(forms.Form):
    reason = FreeTextField(
        label=_("Why the talk is offered"),
        max_length=4000,
        help_text=_("Read only by the contact person and the advisory team. Stored encrypted."),
    )


class PsychologistStepForm(forms.Form):
    to_status = forms.ChoiceField(label=_("What happened"), choices=(), widget=RADIO)
    booked_day = DateField(label=_("Date of the talk"), required=False)
    booked_time = forms.TimeField(
        label=_("Time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    reason = FreeTextField(label=_("Note"), required=False, max_length=2000, rows=2)

    def __init__(self, *args: Any, steps: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["to_status"])
        field.choices = [(step["status"], step["label"]) for step in steps]

    def booked_for(self) -> datetime | None:
        day, at = self.cleaned_data.get("booked_day"), self.cleaned_data.get("booked_time")
        if day is None or at is None:
            return None
        return timezone.make_aware(datetime.combine(day, at))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("to_status") == PsychologistStatus.BOOKED and not (
            data.get("booked_day") and data.get("booked_time")
        ):
            self.add_error("booked_day", _("Give the date and time of the talk."))
        return data


class JointEventForm(StaffSiteForm, DayTimeForm):
    field_order = ["site", "kind", "title", "day", "time", "place"]

    kind = forms.ChoiceField(label=_("Kind"), choices=JointEventKind.choices, widget=RADIO)
    title = forms.CharField(
        label=_("Title"), max_length=200, help_text=_("E.g. “A day at the zoo”.")
    )
    place = forms.CharField(label=_("Where"), max_length=200)
    description = FreeTextField(
        label=_("About the day"),
        required=False,
        max_length=2000,
        help_text=_("What happens, what to bring, the price if any. Sent in the invitation."),
    )
    children_welcome = forms.BooleanField(
        label=_("The children come too (the families' own and their friendship child)"),
        required=False,
    )
    sign_up_by = DateField(label=_("Sign up by"), required=False)
    group = forms.ModelChoiceField(
        label=_("Invite only a supervision group"),
        queryset=SupervisionGroup.objects.none(),
        required=False,
        empty_label=_("Every family in a running friendship"),
    )

    def __init__(
        self, *args: Any, sites: QuerySet[Site], groups: QuerySet[SupervisionGroup], **kwargs: Any
    ) -> None:
        super().__init__(*args, sites=sites, **kwargs)
        group = cast(forms.ModelChoiceField[SupervisionGroup], self.fields["group"])
        group.queryset = groups


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Are you coming?"), choices=Answer.choices, widget=RADIO)
    adults = forms.IntegerField(label=_("Adults"), min_value=0, max_value=12, initial=2)
    children = forms.IntegerField(
        label=_("Children"),
        min_value=0,
        max_value=12,
        initial=0,
        help_text=_(
            "Your own children and your friendship child (agree it with the child's family)."
        ),
    )

    def __init__(self, *args: Any, children_welcome: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not children_welcome:
            del self.fields["children"]


class GroupForm(StaffSiteForm):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("E.g. “Families of children with autism”.")
    )
    situation = forms.ChoiceField(
        label=_("What their friendships have in common"), choices=Situation.choices
    )
    description = forms.CharField(label=_("Description"), max_length=300, required=False)


class GroupSessionForm(OnlineSessionForm):
    """A session for the families of one supervision group (the group's site)."""
