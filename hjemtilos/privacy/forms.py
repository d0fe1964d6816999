"""The audit log search form."""

from __future__ import annotations

from typing import Any, cast

from auditlog.registry import auditlog
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.forms import DateField
from hjemtilos.privacy.labels import ACTION_LABELS, record_type_label


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
    reason = forms.CharField(
        label=_("Why the period changes"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
