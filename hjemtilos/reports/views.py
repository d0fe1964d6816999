"""Report pages: an index of the reports a user may read, and the reports themselves."""

from __future__ import annotations

import csv

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from hjemtilos.core.access import page_rule
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.reports import policies, registry, selectors
from hjemtilos.reports.forms import PeriodForm


@page_rule(policies.can_open_reports)
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "reports/index.html", {"reports": registry.reports_for(request.user)})


@page_rule(policies.can_view_reports)
def recruitment(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The recruitment funnel for a chosen period, per channel and per site (CSV on request)."""
    sites = policies.report_sites(request.user).order_by("name")
    # Always bound: an empty query string means the default period, all sites.
    form = PeriodForm(request.GET, sites=sites)
    if not form.is_valid():
        return render(
            request, "reports/recruitment.html", {"form": form, "funnel": None}, status=400
        )
    data = form.cleaned_data
    chosen = data.get("site")
    site_ids = [chosen.pk] if chosen else list(sites.values_list("pk", flat=True))
    funnel = selectors.recruitment_funnel(site_ids=site_ids, start=data["start"], end=data["end"])
    if request.GET.get("format") == "csv":
        return _csv(funnel)
    return render(request, "reports/recruitment.html", {"form": form, "funnel": funnel})


def _csv(funnel: selectors.Funnel) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="rekruttering-{funnel.start:%Y%m%d}-{funnel.end:%Y%m%d}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Grouping"),
            _("Group"),
            _("Applications"),
            _("Interviewed"),
            _("Approved"),
            _("Matched"),
            _("Matched of applications (%)"),
        ]
    )
    for grouping, rows in ((_("Channel"), funnel.by_channel), (_("Site"), funnel.by_site)):
        for row in rows:
            writer.writerow(
                [
                    grouping,
                    row.label,
                    row.applications,
                    row.interviewed,
                    row.approved,
                    row.matched,
                    "" if row.overall_rate is None else row.overall_rate,
                ]
            )
    return response
