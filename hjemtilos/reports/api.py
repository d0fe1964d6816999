"""The reports in the JSON API: the same registry, filters, access and suppression as the pages.

``GET /api/reports/`` lists the reports the caller may read; ``GET
/api/reports/{slug}`` gives one, as tables of cells (``schemas.ReportOut``).
The query string is validated by the page's filter form, so both refuse the
same things with the same words (422). Staff read their own sites with every
figure; evaluators every site with numbers from 1 to 4 hidden.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Query, Router
from pydantic import GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from hjemtilos.api.schemas import answers
from hjemtilos.core.http import AuthenticatedHttpRequest
from hjemtilos.reports import policies, registry
from hjemtilos.reports.forms import ReportFilterForm
from hjemtilos.reports.registry import ReportEntry
from hjemtilos.reports.schemas import ReportOut, ReportQuery, ReportSummaryOut
from hjemtilos.reports.selectors import report_for_reading_or_404
from hjemtilos.reports.tables import Cell, PresentedTable, present

router = Router(tags=["reports"])


class _ServedSlugs:
    """A report's slug in the schema: one of the registered reports.

    Filled in when the schema is built (on request), once every app has registered
    its reports, so a client (and the fuzz test) learns which slugs exist.
    """

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        schema["enum"] = registry.served_slugs()
        return schema


ReportSlug = Annotated[str, _ServedSlugs()]


def _formats(entry: ReportEntry) -> list[str]:
    return ["csv", "xlsx", *(["pdf"] if entry.pdf else [])]


@router.get("/", response=answers(list[ReportSummaryOut], refused=(403,)), url_name="reports")
def reports(request: AuthenticatedHttpRequest) -> Any:
    """The reports the caller may read (staff and evaluators)."""
    if not policies.can_view_reports(request.user):
        raise PermissionDenied
    return [
        {
            "slug": entry.slug,
            "title": str(entry.title),
            "description": str(entry.description),
            "as_of": entry.as_of,
            "formats": _formats(entry),
        }
        for entry in registry.reports_for(request.user)
        # A report with a page of its own has no figures here.
        if entry.build is not None
    ]


def _cell(column: str, cell: Cell) -> dict[str, Any]:
    return {
        "column": column,
        "value": cell.value,
        "display": cell.display,
        "suppressed": cell.suppressed,
        "part": cell.part,
        "n": cell.n,
        "percent": cell.percent,
    }


def _table(table: PresentedTable) -> dict[str, Any]:
    columns = list(table.table.columns)
    return {
        "key": table.table.key,
        "title": str(table.table.title),
        "description": str(table.table.description),
        "label_heading": str(table.table.label_heading),
        "columns": [{"key": c.key, "label": str(c.label), "kind": str(c.kind)} for c in columns],
        "rows": [
            {
                "key": row.key,
                "label": row.label,
                "total": row.total,
                "part_of_above": row.part_of_above,
                "cells": [
                    _cell(column.key, cell) for column, cell in zip(columns, row.cells, strict=True)
                ],
            }
            for row in table.rows
        ],
        "response_rate": (
            _cell("response_rate", table.response_rate) if table.response_rate else None
        ),
    }


@router.get("/{slug}", response=answers(ReportOut), url_name="report")
def report(request: AuthenticatedHttpRequest, slug: ReportSlug, query: Query[ReportQuery]) -> Any:
    """One report (its ``slug`` from ``GET /api/reports/``) for the chosen sites, period and,
    for a report that takes one, status day. The query string is read by the page's form."""
    entry = report_for_reading_or_404(user=request.user, slug=slug)
    form = ReportFilterForm(
        request.GET,
        sites=policies.report_sites(request.user).order_by("name"),
        entry=entry,
    )
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    filters = form.filters()
    presented = present(
        entry.figures(filters), suppress=policies.suppresses_small_numbers(request.user)
    )
    return {
        "slug": entry.slug,
        "title": str(entry.title),
        "filters": {
            "sites": [{"id": pk, "name": name} for pk, name in filters.sites],
            "start": filters.start,
            "end": filters.end,
            "as_of": filters.as_of if entry.as_of else None,
        },
        "suppressed": presented.suppressed,
        "tables": [_table(table) for table in presented.tables],
        "notes": presented.notes,
    }
