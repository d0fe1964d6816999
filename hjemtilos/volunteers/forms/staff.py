"""Staff forms for vetting: the interview, certificates, the course, status and policies."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hjemtilos.accounts.models import User
from hjemtilos.core.forms import RADIO, DateField, DayTimeForm, FreeTextField
from hjemtilos.volunteers.models import (
    Capacity,
    CertificateKind,
    CertificateResult,
    PolicyDocumentKind,
    RemarksDecision,
    VolunteerFamilyStatus,
)

_YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class InterviewPlanForm(DayTimeForm):
    """When the home interview is held."""


class InterviewForm(forms.Form):
    """The home interview with the whole family."""

    held_on = DateField(
        label=_("Held on"),
        error_messages={"required": _("Enter the day the interview was held as dd.mm.yyyy.")},
    )
    attendees = forms.CharField(
        label=_("Who attended"),
        max_length=300,
        help_text=_("Every member of the household should take part, the children too."),
    )
    whole_family_supports = forms.TypedChoiceField(
        label=_("Does the whole family support taking part?"),
        choices=_YES_NO,
        coerce=lambda value: value == "yes",
        widget=RADIO,
        help_text=_("A family is approved only when everyone in it supports taking part."),
    )
    support_notes = FreeTextField(label=_("How each member feels about it"), required=False)
    motivation = FreeTextField(label=_("Motivation"))
    capacity = forms.ChoiceField(
        label=_("Capacity (overskud)"),
        choices=Capacity.choices,
        widget=RADIO,
    )
    max_children = forms.IntegerField(
        label=_("Children at a time"), min_value=1, max_value=3, initial=1
    )
    expectations = FreeTextField(label=_("Expectations"), required=False)
    assessment = FreeTextField(
        label=_("Staff assessment"),
        required=False,
        rows=5,
        help_text=_("Stored encrypted. Only staff at the site can read it."),
    )


class CertificateForm(forms.Form):
    kind = forms.ChoiceField(choices=CertificateKind.choices, widget=forms.HiddenInput)
    requested_on = DateField(label=_("Requested"), required=False)
    received_on = DateField(label=_("Received"), required=False)
    result = forms.ChoiceField(label=_("Result"), choices=CertificateResult.choices, required=False)


class RemarksDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[c for c in RemarksDecision.choices if c[0]],
        widget=RADIO,
    )
    reason = FreeTextField(label=_("Reason"), help_text=_("Stored encrypted."))


class CourseForm(forms.Form):
    completed_on = DateField(
        label=_("Online course completed"),
        required=False,
        help_text=_("Leave empty to clear a date recorded by mistake."),
    )


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(choices=VolunteerFamilyStatus.choices)
    reason = FreeTextField(label=_("Reason"), required=False)


class ApprovalForm(forms.Form):
    reason = FreeTextField(
        label=_("Why the family is approved"), help_text=_("Recorded with your name and the time.")
    )


class ContactPersonForm(forms.Form):
    contact_person = forms.ModelChoiceField(
        label=_("Contact person"), queryset=User.objects.none(), required=True
    )

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["contact_person"]
        field.queryset = staff
        field.label_from_instance = lambda user: user.get_full_name()


class PolicyVersionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=PolicyDocumentKind.choices)
    label = forms.CharField(
        label=_("Version"), max_length=100, help_text=_("e.g. “2. version, marts 2026”")
    )
    text = FreeTextField(label=_("Text"), rows=16)
