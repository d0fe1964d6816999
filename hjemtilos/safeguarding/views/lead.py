"""The advisory lead's pages: who read which concern, and the team's report."""

from __future__ import annotations

from datetime import date

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from hjemtilos.core.access import page_rule
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.core.pagination import paginate
from hjemtilos.safeguarding import policies, selectors
from hjemtilos.safeguarding.forms import ReadsFilterForm, ReportPeriodForm
from hjemtilos.safeguarding.models import Concern, Severity
from hjemtilos.safeguarding.report import safeguarding_report


@page_rule(policies.can_view_reads)
def concern_reads(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Who opened which concern or notification, newest first (one concern with ?concern=)."""
    concern: Concern | None = None
    chosen = ReadsFilterForm(request.GET)
    if chosen.is_valid() and chosen.cleaned_data["concern"]:
        concern = (
            Concern.objects.select_related("friendship__child")
            .filter(pk=chosen.cleaned_data["concern"])
            .first()
        )
    page = paginate(request, selectors.concern_reads(concern=concern))
    return render(
        request,
        "safeguarding/concern_reads.html",
        {
            "page": page,
            "reads": selectors.reads_resolved(list(page.object_list)),
            "concern": concern,
        },
    )


@page_rule(policies.can_view_safeguarding_report)
def safeguarding_report_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Concerns by month and severity, time to assessment, notifications acknowledged on time."""
    today = timezone.localdate()
    form = ReportPeriodForm(
        request.GET or None, initial={"start": date(today.year, 1, 1), "end": today}
    )
    if form.is_bound and not form.is_valid():
        return render(
            request, "safeguarding/report.html", {"form": form, "report": None}, status=400
        )
    start = form.cleaned_data["start"] if form.is_bound else date(today.year, 1, 1)
    end = form.cleaned_data["end"] if form.is_bound else today
    return render(
        request,
        "safeguarding/report.html",
        {
            "form": form,
            "report": safeguarding_report(start=start, end=end),
            "severities": Severity.choices,
        },
    )
