"""What forms about a site share."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hjemtilos.organisations.models import Site


class StaffSiteForm(forms.Form):
    """A form about one of the staff member's sites (a school holiday, an event, a group).

    ``sites`` are the sites offered (the page's, never every site); a staff
    member with one site finds it chosen already.
    """

    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())

    def __init__(self, *args: Any, sites: QuerySet[Site], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField[Site], self.fields["site"])
        field.queryset = sites
        if sites.count() == 1:
            self.initial.setdefault("site", sites.first())
