"""Report pages: the index of the reports a user may read, each report, its downloads.

One view serves every registered report (``registry.ReportEntry``): the filter
form, the selector, the presentation with small numbers hidden where the
reader's role asks (always in downloads), the charts beside the tables.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from hjemtilos.core.access import page_rule
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.reports import exports, policies, registry
from hjemtilos.reports.charts import render_chart
from hjemtilos.reports.forms import ReportFilterForm
from hjemtilos.reports.registry import ReportEntry, ReportFilters
from hjemtilos.reports.selectors import report_for_reading_or_404
from hjemtilos.reports.tables import PresentedReport, present

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@page_rule(registry.can_open_reports)
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "reports/index.html", {"reports": registry.reports_for(request.user)})


def report_context(
    entry: ReportEntry, filters: ReportFilters, report: PresentedReport
) -> dict[str, Any]:
    """What the page and the PDF show: each table with its chart, and what the figures are."""
    return {
        "entry": entry,
        "filters": filters,
        "report": report,
        "tables": [
            (table, render_chart(table, chart_id=f"chart-{table.table.key}"))
            for table in report.tables
        ],
        "heading_lines": exports.heading_lines(entry, filters, report),
    }


def _filter_form(request: AuthenticatedHttpRequest, entry: ReportEntry) -> ReportFilterForm:
    sites = policies.report_sites(request.user).order_by("name")
    return ReportFilterForm(request.GET, sites=sites, entry=entry)


@page_rule(policies.can_view_reports)
def report(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A report for the chosen sites and period: tables, charts, download links."""
    entry = report_for_reading_or_404(user=request.user, slug=slug)
    form = _filter_form(request, entry)
    context: dict[str, Any] = {"entry": entry, "form": form, "formats": _formats(entry)}
    if not form.is_valid():
        return render(request, "reports/report.html", context, status=400)
    filters = form.filters()
    presented = present(
        entry.figures(filters), suppress=policies.suppresses_small_numbers(request.user)
    )
    context.update(report_context(entry, filters, presented))
    context["query"] = request.GET.urlencode()
    return render(request, "reports/report.html", context)


def _formats(entry: ReportEntry) -> list[tuple[str, str]]:
    formats = [("csv", _("CSV")), ("xlsx", _("Excel (XLSX)"))]
    if entry.pdf:
        formats.append(("pdf", _("PDF")))
    return formats


@page_rule(policies.can_view_reports)
def download(request: AuthenticatedHttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The report as a file; small numbers are hidden in every download, whoever asks."""
    entry = report_for_reading_or_404(user=request.user, slug=slug)
    if fmt not in dict(_formats(entry)):
        raise Http404
    form = _filter_form(request, entry)
    if not form.is_valid():
        return render(
            request,
            "reports/report.html",
            {"entry": entry, "form": form, "formats": _formats(entry)},
            status=400,
        )
    filters = form.filters()
    presented = present(entry.figures(filters), suppress=True)
    if fmt == "csv":
        content = exports.report_csv(entry, filters, presented)
    elif fmt == "xlsx":
        content = exports.report_xlsx(entry, filters, presented)
    else:
        from hjemtilos.reports import pdf  # noqa: PLC0415 - keeps WeasyPrint out of every process start

        content = pdf.report_pdf(report_context(entry, filters, presented))
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.download_name(entry, filters, fmt)}"'
    )
    return response
