"""The report filters: sites, a period and, for a status report, the day it is taken on.

One form for the page, the downloads and the API (which validates the same
query string through it), so all three accept and refuse the same things.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from hjemtilos.core.forms import DateField
from hjemtilos.organisations.models import Site
from hjemtilos.reports.registry import ReportEntry, ReportFilters

# The programme's records start in 2020 (the pilot); nothing is counted before 2000.
EARLIEST = date(2000, 1, 1)


# The largest key a row can have (a 64-bit integer). A bigger number in the query string
# names no site and must not reach the database, which cannot even compare it (a 500).
KEY_MAX = 2**63 - 1


class SiteChoiceField(forms.ModelMultipleChoiceField[Site]):
    """The sites to count; a number no site could have is refused like an unknown site."""

    def clean(self, value: Any) -> Any:
        for pk in value or []:
            text = str(pk).strip()
            if text.lstrip("-").isdigit() and not 1 <= int(text) <= KEY_MAX:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": text},
                )
        return super().clean(value)


class ReportFilterForm(forms.Form):
    """Always bound: an empty query string means every site, the default period, today."""

    site = SiteChoiceField(
        label=_("Sites"),
        queryset=Site.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
        help_text=_("None chosen: all your sites."),
    )
    start = DateField(label=_("From"), required=False)
    end = DateField(label=_("To"), required=False)
    as_of = DateField(
        label=_("Status on"),
        required=False,
        help_text=_("The day the children's status is counted on. Empty: today."),
    )

    def __init__(
        self, *args: Any, sites: QuerySet[Site], entry: ReportEntry, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.entry = entry
        self.sites = sites
        field: Any = self.fields["site"]
        field.queryset = sites
        # With one site there is nothing to choose; the field still refuses any other.
        self.offers_sites = len(sites) > 1
        if not entry.as_of:
            del self.fields["as_of"]

    def site_checkboxes(self) -> SafeString:
        """A checkbox per site the reader may choose, made here rather than by a template per
        option: an evaluator chooses among every site, and that made the page slow."""
        ticked = set(self.data.getlist("site")) if hasattr(self.data, "getlist") else set()
        field_id = self["site"].auto_id
        return format_html_join(
            "\n",
            '<div class="form-group-checkbox"><input type="checkbox" class="form-checkbox" '
            'name="site" value="{}" id="{}_{}"{}><label class="form-label" for="{}_{}">{}</label>'
            "</div>",
            (
                (site.pk, field_id, n, checked, field_id, n, site.name)
                for n, site in enumerate(self.sites)
                for checked in [" checked" if str(site.pk) in ticked else ""]
            ),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        data["end"] = data.get("end") or today
        data["start"] = data.get("start") or self.entry.default_start(data["end"])
        data["as_of"] = data.get("as_of") or today
        for name in ("start", "end", "as_of"):
            if name in self.fields and not EARLIEST <= data[name] <= today:
                self.add_error(name, _("Choose a day from 1 January 2000 to today."))
        if data["start"] > data["end"]:
            self.add_error("end", _("The end of the period must be after its start."))
        return data

    def filters(self) -> ReportFilters:
        """The valid form as a report's filters (no site chosen: every site the user reads)."""
        data = self.cleaned_data
        chosen = list(data.get("site") or self.sites)
        chosen.sort(key=lambda site: site.name)
        return ReportFilters(
            site_ids=tuple(site.pk for site in chosen),
            site_names=tuple(site.name for site in chosen),
            start=data["start"],
            end=data["end"],
            as_of=data["as_of"],
        )
