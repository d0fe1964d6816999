"""The audit log search form, the retention schedule's form, and the forms for the data
subjects' requests and consents."""

from __future__ import annotations

from typing import Any, cast

from auditlog.registry import auditlog
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.forms import DateField, FreeTextField
from hjemtilos.privacy.labels import ACTION_LABELS, record_type_label
from hjemtilos.privacy.models import ConsentMethod, RequestDecision, RequestKind, RequestStatus


def _registered_types() -> list[tuple[str, str]]:
    types = ContentType.objects.get_for_models(*auditlog.get_models())
    return sorted(
        ((str(ct.pk), record_type_label(ct)) for ct in types.values()),
        key=lambda choice: choice[1],
    )


class AuditSearchForm(forms.Form):
    actor = forms.CharField(label=_("User's e-mail contains"), required=False, max_length=254)
    action = forms.TypedChoiceField(
        label=_("Action"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All"))] + [(str(value), label) for value, label in ACTION_LABELS.items()],
    )
    object_type = forms.ChoiceField(label=_("Type of record"), required=False)
    object_id = forms.CharField(label=_("Record id"), required=False, max_length=64)
    date_from = DateField(label=_("From date"), required=False)
    date_to = DateField(label=_("To date"), required=False)
    remote_addr = forms.GenericIPAddressField(label=_("IP address"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        object_type = cast(forms.ChoiceField, self.fields["object_type"])
        object_type.choices = [("", _("All")), *_registered_types()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return data


class RetentionPeriodForm(forms.Form):
    months = forms.IntegerField(label=_("Months"), min_value=1, max_value=600)
    reason = FreeTextField(label=_("Why the period changes"), max_length=1000)


class RightsRequestForm(forms.Form):
    """A request from a person about their data, as staff record it."""

    kind = forms.ChoiceField(label=_("The person asks for"), choices=RequestKind.choices)
    received_on = DateField(label=_("Received"))
    requested_by = forms.CharField(
        label=_("Who asked"),
        max_length=200,
        help_text=_("The person themselves, or who asked on their behalf."),
    )
    identity_check = forms.CharField(
        label=_("How the identity was checked"),
        max_length=300,
        help_text=_("E.g. known phone number called back, MitID, in person with ID."),
    )
    details = FreeTextField(
        label=_("What was asked"),
        required=False,
        max_length=2000,
        help_text=_("Required for rectification and erasure: what is to be corrected or erased."),
    )


class RightsRequestStepForm(forms.Form):
    """The next step of a request: the decision, or how the answer reached the person."""

    to_status = forms.ChoiceField(choices=RequestStatus.choices, widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("", "—"), *RequestDecision.choices], required=False
    )
    reason = FreeTextField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        help_text=_("Required when all or part of the request is refused."),
    )
    delivered_how = forms.CharField(
        label=_("How the answer reached the person"),
        max_length=300,
        required=False,
        help_text=_("E.g. handed over in person, sent by secure e-mail."),
    )


# How staff hear a person's word on a consent (the portal and the link record themselves).
SPOKEN_METHODS = [
    (value, label)
    for value, label in ConsentMethod.choices
    if value in (ConsentMethod.PHONE, ConsentMethod.PAPER, ConsentMethod.IN_PERSON)
]


class ConsentWithdrawForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How the consent was withdrawn"),
        choices=SPOKEN_METHODS,
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class SmsConsentForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How the person said so"),
        choices=SPOKEN_METHODS,
    )
