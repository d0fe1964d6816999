"""Forms for concerns and inquiries."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.fields import TEXT_MAX_LENGTH
from hjemtilos.core.forms import RADIO, DateField
from hjemtilos.safeguarding.models import ConcernSource, Inquiry


class ConcernForm(forms.Form):
    source = forms.ChoiceField(
        label=_("How did the concern reach you?"),
        choices=[
            (ConcernSource.PHONE, ConcernSource.PHONE.label),
            (ConcernSource.STAFF, ConcernSource.STAFF.label),
        ],
        widget=RADIO,
        initial=ConcernSource.PHONE,
    )
    observed = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("What did you see or hear?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Describe it as it happened, in the child's own words where you can."),
    )
    observed_on = DateField(label=_("When"))
    observed_by = forms.CharField(label=_("Who observed it"), max_length=200)

    def __init__(self, *args: Any, staff: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("observed_on", timezone.localdate())
        if not staff:
            del self.fields["source"]


class ConcernStepForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Step"), widget=RADIO)
    note = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the concern is closed. Stored encrypted."),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["to_status"]).choices = choices


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
