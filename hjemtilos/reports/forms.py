"""The report filters: a period and, where the user has several, a site."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.forms import DateField
from hjemtilos.organisations.models import Site


class PeriodForm(forms.Form):
    """From and to (both included); the default is the current year so far."""

    start = DateField(label=_("From"), required=False)
    end = DateField(label=_("To"), required=False)
    site = forms.ModelChoiceField(
        label=_("Site"), queryset=Site.objects.none(), required=False, empty_label=_("All sites")
    )

    def __init__(self, *args: Any, sites: QuerySet[Site], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["site"]
        field.queryset = sites

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        data["start"] = data.get("start") or date(today.year, 1, 1)
        data["end"] = data.get("end") or today
        if data["start"] > data["end"]:
            self.add_error("end", _("The end of the period must be after its start."))
        return data
