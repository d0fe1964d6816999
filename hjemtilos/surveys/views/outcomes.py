"""The outcomes report: what parents, volunteer families and children answered, in figures.

Staff read their sites, evaluators every site with small numbers suppressed
(ADR 0055); the CSV download is always suppressed. The filter is the reports'
(period and site); the figures are ``surveys.outcomes`` (a fixed number of
queries).
"""

from __future__ import annotations

import csv

from django.http import HttpResponse
from django.shortcuts import render

from hjemtilos.accounts.models import Role
from hjemtilos.accounts.policies import has_role
from hjemtilos.core.access import page_rule
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.reports.forms import PeriodForm
from hjemtilos.reports.policies import report_sites
from hjemtilos.surveys import policies
from hjemtilos.surveys.outcomes import Outcomes, outcomes
from hjemtilos.surveys.presentation import csv_rows


@page_rule(policies.can_read_outcomes)
def outcomes_report(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The outcome figures for a chosen period and site (CSV on request)."""
    sites = report_sites(request.user).order_by("name")
    # Always bound: an empty query string means the default period, all the reader's sites.
    form = PeriodForm(request.GET, sites=sites)
    if not form.is_valid():
        return render(request, "surveys/outcomes.html", {"form": form, "figures": None}, status=400)
    data = form.cleaned_data
    chosen = data.get("site")
    site_ids = [chosen.pk] if chosen else list(sites.values_list("pk", flat=True))
    figures = outcomes(site_ids=site_ids, start=data["start"], end=data["end"])
    if request.GET.get("format") == "csv":
        return _csv(figures)
    return render(
        request,
        "surveys/outcomes.html",
        {
            "form": form,
            "figures": figures,
            "site": chosen,
            "suppress": has_role(request.user, Role.EVALUATOR),
        },
    )


def _csv(figures: Outcomes) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="udbytte-{figures.start:%Y%m%d}-{figures.end:%Y%m%d}.csv"'
    )
    writer = csv.writer(response)
    writer.writerows(csv_rows(figures))
    return response
