from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.forms import DateField, DayTimeForm, FreeTextField
from hjemtilos.followups.models import PlanTemplateItem
from hjemtilos.organisations.forms import StaffSiteForm


class TaskCompleteForm(forms.Form):
    outcome = FreeTextField(
        label=_("Outcome"),
        max_length=2000,
        rows=2,
        help_text=_("What came of it, e.g. “Call held, home visit agreed”."),
    )


class TaskReplanForm(forms.Form):
    due_on = DateField(label=_("Try again on"))
    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        required=False,
        help_text=_("E.g. “No answer; left a message”."),
    )

    def clean_due_on(self) -> Any:
        value = self.cleaned_data["due_on"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day."))
        return value


class PlanItemForm(forms.ModelForm[PlanTemplateItem]):
    class Meta:
        model = PlanTemplateItem
        fields = [
            "title",
            "kind",
            "description",
            "with_whom",
            "anchor",
            "offset_months",
            "offset_days",
            "shown_to",
            "family_title",
            "position",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class OnlineSessionForm(DayTimeForm):
    """An online group supervision session: when, how long, the meeting link and the topic."""

    duration_minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=15, max_value=240, initial=90
    )
    meeting_url = forms.URLField(
        label=_("Link to the online meeting"),
        max_length=500,
        assume_scheme="https",
        help_text=_("E.g. a Teams or Zoom link. It is sent in the invitation."),
    )
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)


class SupervisionSessionForm(StaffSiteForm, OnlineSessionForm):
    """A session for the volunteer families of one of the staff member's sites."""

    field_order = ["site", "day", "time"]
