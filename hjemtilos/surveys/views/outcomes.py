"""The outcomes report's old address (``/spoergeskemaer/udbytte/``), kept for bookmarks.

The report itself is a reports-framework entry (``surveys/report.py``, registered as
``/rapporter/udbytte/``); the old address, and its ``format=csv`` download, redirect there
with the filters kept.
"""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse

from hjemtilos.core.access import page_rule
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.surveys import policies

SLUG = "udbytte"


@page_rule(policies.can_read_outcomes)
def outcomes_report(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Redirect to the report on the framework, with the same filters."""
    query = request.GET.copy()
    wants_csv = query.pop("format", [""])[-1] == "csv"
    url = (
        reverse("reports:download", args=[SLUG, "csv"])
        if wants_csv
        else reverse("reports:report", args=[SLUG])
    )
    encoded = query.urlencode()
    return HttpResponseRedirect(f"{url}?{encoded}" if encoded else url)
