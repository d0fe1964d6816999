"""Forms for concerns, their assessment and steps, notifications and inquiries."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemtilos.accounts.models import User
from hjemtilos.core.forms import RADIO, DateField, FreeTextField
from hjemtilos.safeguarding.models import (
    LONG_TEXT,
    AcknowledgedHow,
    ConcernSource,
    Decision,
    EntryKind,
    Inquiry,
    Severity,
)
from hjemtilos.safeguarding.selectors import TimelineEntry

# The largest primary key a form accepts (PostgreSQL's integer): a bigger number is a 404,
# never a database error.
ID_MAX = 2**31 - 1


class ConcernForm(forms.Form):
    source = forms.ChoiceField(
        label=_("How did the concern reach you?"),
        choices=[
            (ConcernSource.PHONE, ConcernSource.PHONE.label),
            (ConcernSource.PROFESSIONAL, ConcernSource.PROFESSIONAL.label),
            (ConcernSource.STAFF, ConcernSource.STAFF.label),
        ],
        widget=RADIO,
        initial=ConcernSource.PHONE,
    )
    severity = forms.TypedChoiceField(
        label=_("How serious is it?"),
        choices=Severity.choices,
        coerce=int,
        widget=RADIO,
        initial=Severity.MODERATE,
    )
    acute = forms.BooleanField(
        label=_("The child may be in danger right now"),
        required=False,
        help_text=_("Tick if the child may be in danger now. Call 112 first if it is acute."),
    )
    observed = FreeTextField(
        label=_("What did you see or hear?"),
        max_length=LONG_TEXT,
        rows=6,
        help_text=_("Describe it as it happened, in the child's own words where you can."),
    )
    observed_on = DateField(label=_("When"))
    observed_by = forms.CharField(label=_("Who observed it"), max_length=200)

    def __init__(self, *args: Any, staff: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("observed_on", timezone.localdate())
        if staff:
            del self.fields["acute"]
        else:
            del self.fields["source"]
            del self.fields["severity"]

    def chosen_severity(self) -> int:
        """The severity the reporter chose (staff) or ticked (the volunteer family)."""
        if "severity" in self.fields:
            return int(self.cleaned_data["severity"])
        return Severity.ACUTE if self.cleaned_data.get("acute") else Severity.MODERATE


class ConcernCloseForm(forms.Form):
    reason = FreeTextField(
        label=_("Why is the concern closed?"),
        max_length=LONG_TEXT,
        help_text=_("Stored encrypted, in the timeline."),
    )


class ConcernReopenForm(forms.Form):
    reason = FreeTextField(label=_("Why is the concern reopened?"), max_length=LONG_TEXT)


ENTRY_CHOICES = [
    (EntryKind.NOTE, _("A note")),
    (EntryKind.FOLLOW_UP, _("Follow-up in the friendship")),
    (EntryKind.REPLY, _("The municipality's reply")),
    (EntryKind.CORRECTION, _("A correction of an earlier entry")),
]


class ConcernEntryForm(forms.Form):
    """A line of text in the timeline, or a correction of an earlier line."""

    kind = forms.ChoiceField(
        label=_("What are you recording?"), widget=RADIO, initial=EntryKind.NOTE
    )
    corrects = forms.TypedChoiceField(
        label=_("The entry you correct"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("The earlier entry stays as it was; the correction is shown beside it."),
    )
    on = DateField(
        label=_("Date"),
        required=False,
        help_text=_("When it happened, if not today (e.g. the date of the municipality's reply)."),
    )
    text = FreeTextField(
        label=_("Text"), max_length=LONG_TEXT, rows=5, help_text=_("Stored encrypted.")
    )

    def __init__(
        self, *args: Any, entries: list[TimelineEntry], can_reply: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.entries = {entry.event.pk: entry.event for entry in entries}
        field = cast(forms.TypedChoiceField, self.fields["corrects"])
        field.choices = [
            ("", _("– choose –")),
            *(
                (
                    entry.event.pk,
                    f"#{entry.number} · {entry.event.get_kind_display()} · "
                    f"{timezone.localtime(entry.event.at):%d.%m.%Y %H:%M}",
                )
                for entry in entries
            ),
        ]
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            (kind, label) for kind, label in ENTRY_CHOICES if can_reply or kind != EntryKind.REPLY
        ]


class InvolvementForm(forms.Form):
    done = forms.TypedChoiceField(
        label=_("Did it happen?"),
        choices=[("yes", _("Yes")), ("no", _("No, the step is deliberately skipped"))],
        coerce=lambda value: value == "yes",
        widget=RADIO,
    )
    on = DateField(label=_("Date"), required=False)
    note = FreeTextField(
        label=_("How it went, or why it is skipped"),
        max_length=LONG_TEXT,
        rows=5,
        help_text=_("Stored encrypted."),
    )


class AssessmentForm(forms.Form):
    known = FreeTextField(
        label=_("What is known"),
        max_length=LONG_TEXT,
        rows=6,
        help_text=_(
            "The facts: what was seen and heard, by whom and when, and what else is known."
        ),
    )
    child_statements = FreeTextField(
        label=_("The child's own statements"),
        required=False,
        max_length=LONG_TEXT,
        rows=5,
        help_text=_("What the child has said, in the child's own words where possible."),
    )
    risk = forms.TypedChoiceField(
        label=_("Risk level"), choices=Severity.choices, coerce=int, widget=RADIO
    )
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices, widget=RADIO)
    reasons = FreeTextField(label=_("Reasons for the decision"), max_length=LONG_TEXT, rows=5)
    decided_by = forms.TypedChoiceField(label=_("Decided by"), coerce=int)
    decided_on = DateField(label=_("Decided on"))

    def __init__(self, *args: Any, members: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = {member.pk: member for member in members}
        cast(forms.TypedChoiceField, self.fields["decided_by"]).choices = [
            (member.pk, member.get_full_name()) for member in members
        ]

    def decider(self) -> User:
        return self.members[self.cleaned_data["decided_by"]]


class NotificationForm(forms.Form):
    """The text of a draft notification (filled in from the assessment)."""

    is_acute = forms.BooleanField(
        label=_("Acute notification"),
        required=False,
        help_text=_("The child may be in danger now; the municipality has also been phoned."),
    )
    observations = FreeTextField(label=_("What we know"), max_length=LONG_TEXT, rows=6)
    child_statements = FreeTextField(
        label=_("The child's own statements"), required=False, max_length=LONG_TEXT, rows=5
    )
    assessment_text = FreeTextField(label=_("Our assessment"), max_length=LONG_TEXT, rows=5)
    actions = FreeTextField(
        label=_("Other steps the charity has taken"),
        required=False,
        max_length=LONG_TEXT,
        help_text=_(
            "The talk with the volunteer family and the parents' involvement are added from "
            "their recorded steps."
        ),
    )


class AcknowledgementForm(forms.Form):
    acknowledged_on = DateField(label=_("Acknowledged on"))
    how = forms.ChoiceField(
        label=_("How"), choices=AcknowledgedHow.choices, widget=RADIO, initial=AcknowledgedHow.EMAIL
    )
    municipality_reference = forms.CharField(
        label=_("The municipality's reference (journal number)"), required=False, max_length=100
    )
    note = FreeTextField(label=_("Note"), required=False, max_length=LONG_TEXT)


class MunicipalityContactForm(forms.Form):
    notification_email = forms.EmailField(
        label=_("E-mail address for notifications"),
        required=False,
        max_length=254,
        help_text=_(
            "The municipality's secure address for notifications about a child (underretninger)."
        ),
    )
    children_services_phone = forms.CharField(
        label=_("Phone of the children and families services"),
        required=False,
        max_length=20,
        help_text=_("Shown to the charity's staff in an acute case during office hours."),
    )


class ReadsFilterForm(forms.Form):
    concern = forms.IntegerField(min_value=1, max_value=ID_MAX, required=False)


class AdvisoryLeadForm(forms.Form):
    user = forms.IntegerField(min_value=1, max_value=ID_MAX)
    lead = forms.TypedChoiceField(
        choices=[("yes", "yes"), ("no", "no")], coerce=lambda v: v == "yes"
    )


class ReportPeriodForm(forms.Form):
    start = DateField(label=_("From"))
    end = DateField(label=_("To"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end cannot be before the start."))
        return data


class InquiryForm(forms.ModelForm[Inquiry]):
    class Meta:
        model = Inquiry
        fields = ["received_on", "from_kind", "from_name", "channel", "request", "description"]
        field_classes = {"received_on": DateField}
        widgets = {
            "channel": RADIO,
            "description": forms.Textarea(attrs={"rows": 4}),
        }


class InquiryUpdateForm(forms.ModelForm[Inquiry]):
    class Meta:
        model = Inquiry
        fields = ["advice", "advised_on", "outcome", "outcome_note"]
        field_classes = {"advised_on": DateField}
        widgets = {
            "advice": forms.Textarea(attrs={"rows": 4}),
            "outcome_note": forms.Textarea(attrs={"rows": 3}),
        }
